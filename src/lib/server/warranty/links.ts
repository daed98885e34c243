/**
 * The few unit and customer queries warranties need. They are written here, inside the warranty
 * context, because the catalogue and CRM contexts export no unit/customer helpers yet; when they
 * do (find-or-create unit, find customer by mobile), these should delegate to them.
 */
import { and, eq } from 'drizzle-orm';
import { formatMobileForDisplay } from '#lib/domain/mobile';
import { normalizePersian, normalizeSerial } from '#lib/domain/text';
import type { Executor } from '../db';
import { customers, units, type Customer, type Unit } from '../db/schema';

/** The unit of a product with this serial (any digits/separators), creating it when new. */
export async function findOrCreateUnit(
	tx: Executor,
	productId: number,
	serial: string,
	facts: { saleDate?: Date | null; ownerId?: number | null } = {}
): Promise<{ unit: Unit; created: boolean }> {
	const serialNorm = normalizeSerial(serial);
	const [existing] = await tx
		.select()
		.from(units)
		.where(and(eq(units.productId, productId), eq(units.serialNorm, serialNorm)));
	if (existing) return { unit: existing, created: false };
	const [inserted] = await tx
		.insert(units)
		.values({
			productId,
			serial: serial.trim(),
			serialNorm,
			saleDate: facts.saleDate ?? null,
			ownerId: facts.ownerId ?? null
		})
		.onConflictDoNothing()
		.returning();
	if (inserted) return { unit: inserted, created: true };
	// Someone created it between our read and write.
	const [raced] = await tx
		.select()
		.from(units)
		.where(and(eq(units.productId, productId), eq(units.serialNorm, serialNorm)));
	return { unit: raced!, created: false };
}

/** The customer with this normalised mobile (`+989…`), or null. */
export async function findCustomerByMobile(tx: Executor, mobile: string): Promise<Customer | null> {
	const [row] = await tx.select().from(customers).where(eq(customers.mobile, mobile));
	return row ?? null;
}

/**
 * Creates a customer known only by mobile (an imported card, a registration by SMS). The name
 * defaults to the mobile as Iranians write it so lists show something a person can read.
 */
export async function createCustomerFromMobile(
	tx: Executor,
	mobile: string,
	name?: string
): Promise<Customer> {
	const displayName = name?.trim() || formatMobileForDisplay(mobile);
	const [row] = await tx
		.insert(customers)
		.values({ name: displayName, mobile, nameNorm: normalizePersian(displayName) })
		.onConflictDoNothing({ target: customers.mobile })
		.returning();
	return row ?? (await findCustomerByMobile(tx, mobile))!;
}
