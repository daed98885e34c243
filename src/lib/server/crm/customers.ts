/**
 * Customers (CRM). A customer is keyed by their mobile: every way of typing it reduces to
 * `+989xxxxxxxxx`, and a second customer with the same mobile is refused with the first one
 * offered instead, so reception never splits one person's history over two records.
 */
import { and, desc, eq, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { normalizeMobile } from '#lib/domain/mobile';
import { normalizeNationalId } from '#lib/domain/national-id';
import { normalizeDigits, normalizePersian, removeInvisibleChars } from '#lib/domain/text';
import { getDb, type Executor } from '../db';
import { customers, type Customer } from '../db/schema';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { diff, recordMasterChange } from '../catalog/changes';
import { flag, int, nullable, optional, optionalText, text } from '../catalog/inputs';
import { decodeCursor, likeEscape, pageFields, toPage, type Page } from '../catalog/paging';

/** Arabic ي/ى/ك become Persian ی/ک in the stored name, so it displays and prints consistently. */
function foldLetters(value: string): string {
	return value.replace(/[\u064A\u0649]/g, '\u06CC').replace(/\u0643/g, '\u06A9');
}

/** Any common way of writing an Iranian mobile; stored as `+989xxxxxxxxx`. */
export const mobileField = z
	.string()
	.max(40)
	.transform((value, ctx) => {
		const result = normalizeMobile(value);
		if (!result.ok) {
			ctx.addIssue({ code: 'custom', message: 'validation.mobile' });
			return z.NEVER;
		}
		return result.value;
	})
	.meta({ description: 'Iranian mobile: 09…, +989…, 00989…, 989…, any digits, spaces or dashes.' });

const nationalIdField = z
	.string()
	.max(20)
	.transform((value, ctx) => {
		const result = normalizeNationalId(value);
		if (!result.ok) {
			ctx.addIssue({ code: 'custom', message: 'crm.validation.nationalId' });
			return z.NEVER;
		}
		return result.value;
	})
	.meta({ description: 'Ten-digit Iranian national id (check digit verified).' });

/** Input to create a customer. */
export const customerCreateSchema = z.object({
	name: text(120).transform(foldLetters),
	mobile: mobileField,
	nationalId: nullable(nationalIdField),
	address: optional(optionalText(500)),
	locale: optional(z.enum(['fa', 'en'])),
	marketingOptOut: optional(flag)
});

/** Input to change a customer; `version` (when sent) refuses the change if someone saved first. */
export const customerUpdateSchema = customerCreateSchema
	.partial()
	.extend({ version: optional(int(1)) });

/** Search by mobile (any form, or its beginning), national id, or name (any spelling of ی/ک). */
export const customerListQuery = z.object({ q: z.string().max(100).optional(), ...pageFields });

type CreateInput = z.infer<typeof customerCreateSchema>;

/** The customer with this mobile (typed in any form), or null. */
export async function findCustomerByMobile(
	mobile: string,
	executor?: Executor
): Promise<Customer | null> {
	const result = normalizeMobile(mobile);
	if (!result.ok) return null;
	const db = executor ?? (await getDb());
	const [row] = await db.select().from(customers).where(eq(customers.mobile, result.value));
	return row ?? null;
}

/** 409 naming the customer who already has this mobile, so the caller can offer them instead. */
function duplicateMobile(existing: Customer): AppError {
	return new AppError(
		409,
		'duplicate_mobile',
		'crm.error.duplicateMobile',
		{ name: existing.name },
		{ mobile: { key: 'crm.error.duplicateMobileField', params: { name: existing.name } } },
		{ existing: { id: existing.id, name: existing.name, mobile: existing.mobile } }
	);
}

/** Creates a customer inside the caller's transaction (imports create owners this way). */
export async function insertCustomer(
	tx: Executor,
	input: CreateInput,
	actorId: number | null
): Promise<Customer> {
	const existing = await findCustomerByMobile(input.mobile, tx);
	if (existing) throw duplicateMobile(existing);
	const [row] = await tx
		.insert(customers)
		.values({
			name: input.name,
			nameNorm: normalizePersian(input.name),
			mobile: input.mobile,
			nationalId: input.nationalId ?? null,
			address: input.address ?? '',
			locale: input.locale ?? 'fa',
			marketingOptOut: input.marketingOptOut ?? false
		})
		.returning();
	await recordMasterChange(tx, 'customer', row!.id, 'created', actorId, {
		name: row!.name,
		mobile: row!.mobile
	});
	return row!;
}

/** Creates a customer; a mobile already on file is a 409 that names the existing customer. */
export async function createCustomer(
	input: CreateInput,
	actorId: number | null
): Promise<Customer> {
	const db = await getDb();
	try {
		return await db.transaction((tx) => insertCustomer(tx, input, actorId));
	} catch (error) {
		// Two receptions saving the same new mobile at once: the loser gets the winner offered.
		if (isUniqueViolation(error)) {
			const existing = await findCustomerByMobile(input.mobile);
			if (existing) throw duplicateMobile(existing);
		}
		throw error;
	}
}

/** One customer, or 404. */
export async function getCustomer(customerId: number): Promise<Customer> {
	const db = await getDb();
	const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
	if (!row) throw notFound();
	return row;
}

/** Changes a customer; a mobile already used by someone else is refused with them offered. */
export async function updateCustomer(
	customerId: number,
	patch: z.infer<typeof customerUpdateSchema>,
	actorId: number | null
): Promise<Customer> {
	const db = await getDb();
	const { version, ...fields } = patch;
	try {
		return await db.transaction(async (tx) => {
			const [current] = await tx
				.select()
				.from(customers)
				.where(eq(customers.id, customerId))
				.for('update');
			if (!current) throw notFound();
			if (version !== undefined && version !== current.version)
				throw new AppError(409, 'stale', 'catalog.error.stale');
			const changes = diff(current, fields);
			if (!Object.keys(changes).length) return current;
			if (typeof changes.mobile === 'string') {
				const other = await findCustomerByMobile(changes.mobile, tx);
				if (other && other.id !== customerId) throw duplicateMobile(other);
			}
			const [row] = await tx
				.update(customers)
				.set({
					...changes,
					...(typeof changes.name === 'string' ? { nameNorm: normalizePersian(changes.name) } : {}),
					version: current.version + 1,
					updatedAt: new Date()
				})
				.where(eq(customers.id, customerId))
				.returning();
			await recordMasterChange(tx, 'customer', customerId, 'updated', actorId, changes);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error) && patch.mobile) {
			const existing = await findCustomerByMobile(patch.mobile);
			if (existing) throw duplicateMobile(existing);
		}
		throw error;
	}
}

/**
 * How a search text is matched: a whole mobile exactly; a run of digits as the start of a
 * mobile (`0912…`), anywhere in one, or as a national id; anything else as name words, each
 * of which must occur in the normalised name (so word order and ی/ي, ک/ك, ZWNJ do not matter).
 */
export function customerSearchCondition(q: string): SQL | undefined {
	const trimmed = q.trim();
	if (!trimmed) return undefined;
	const mobile = normalizeMobile(trimmed);
	if (mobile.ok) return eq(customers.mobile, mobile.value);
	const digits = removeInvisibleChars(normalizeDigits(trimmed)).replace(/[\s\-()+.]/g, '');
	if (/^\d{3,}$/.test(digits)) {
		const mobilePattern = digits.startsWith('0098')
			? `+${digits.slice(2)}%`
			: digits.startsWith('98')
				? `+${digits}%`
				: digits.startsWith('0')
					? `+98${digits.slice(1)}%`
					: `%${digits}%`;
		return or(
			like(customers.mobile, mobilePattern),
			eq(customers.nationalId, digits.padStart(10, '0'))
		);
	}
	const words = normalizePersian(trimmed).split(' ').filter(Boolean);
	return and(...words.map((w) => sql`${customers.nameNorm} like ${`%${likeEscape(w)}%`}`));
}

/** Finds customers by mobile, national id or name, newest first. */
export async function searchCustomers(
	query: z.infer<typeof customerListQuery>
): Promise<Page<Customer>> {
	const db = await getDb();
	const where: (SQL | undefined)[] = [customerSearchCondition(query.q ?? '')];
	const after = decodeCursor(query.cursor, ['number']);
	if (after) where.push(lt(customers.id, after[0] as number));
	const rows = await db
		.select()
		.from(customers)
		.where(and(...where))
		.orderBy(desc(customers.id))
		.limit(query.limit + 1);
	return toPage(rows, query.limit, (r) => [r.id]);
}
