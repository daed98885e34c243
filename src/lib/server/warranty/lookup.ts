/** Reception's first question: "is this covered?" — answered from a warranty or product serial. */
import { eq, inArray } from 'drizzle-orm';
import { normalizeSerial } from '#lib/domain/text';
import { getDb } from '../db';
import { customers, products, units, warranties } from '../db/schema';
import { listUnitRequests } from '../service/reception';
import { selectWarrantyViews, toWarrantyView, type WarrantyView } from './warranties';

/** A past service request of a unit, as the lookup shows it. */
export interface UnitServiceRecord {
	id: number;
	number: string;
	status: string;
	receivedAt: Date;
	complaint: string;
}

/** Past service requests of a unit, newest first, from the service context. */
export async function listUnitServiceHistory(unitId: number): Promise<UnitServiceRecord[]> {
	const rows = await listUnitRequests(await getDb(), unitId);
	return rows.map((r) => ({
		id: r.id,
		number: r.formNumber,
		status: r.status,
		receivedAt: r.createdAt,
		complaint: r.complaint
	}));
}

/** A unit that matched the lookup, with its warranties and service history. */
export interface LookupMatch {
	unit: {
		id: number;
		serial: string;
		productCode: string;
		productNameFa: string;
		productNameEn: string;
		saleDate: Date | null;
		owner: { id: number; name: string; mobile: string } | null;
	};
	/** Warranties of the unit; the one whose serial was typed comes first. */
	warranties: WarrantyView[];
	/** True when the typed text was a warranty serial (not a product serial). */
	byWarrantySerial: boolean;
	serviceHistory: UnitServiceRecord[];
}

/**
 * Finds units by warranty serial or product serial, typed in any digits with any separators
 * ("۱۲۳-۴۵۶" finds "123456"). A product serial may exist for several products, so this can
 * return more than one unit.
 */
export async function lookupWarranty(
	input: string
): Promise<{ query: string; matches: LookupMatch[] }> {
	const serial = normalizeSerial(input);
	if (!serial) return { query: serial, matches: [] };
	const db = await getDb();
	const byWarranty = await db
		.select({ unitId: warranties.unitId })
		.from(warranties)
		.where(eq(warranties.serialNorm, serial));
	const byProduct = await db
		.select({ unitId: units.id })
		.from(units)
		.where(eq(units.serialNorm, serial))
		.limit(20);
	const unitIds = [...new Set([...byWarranty, ...byProduct].map((r) => r.unitId))];
	if (!unitIds.length) return { query: serial, matches: [] };

	const unitRows = await db
		.select({
			unit: units,
			productCode: products.code,
			productNameFa: products.nameFa,
			productNameEn: products.nameEn,
			ownerName: customers.name,
			ownerMobile: customers.mobile
		})
		.from(units)
		.innerJoin(products, eq(products.id, units.productId))
		.leftJoin(customers, eq(customers.id, units.ownerId))
		.where(inArray(units.id, unitIds));
	const warrantyRows = await selectWarrantyViews(db).where(inArray(warranties.unitId, unitIds));
	const now = new Date();
	const views = warrantyRows.map((r) => toWarrantyView(r, now));
	const warrantyUnit = new Set(byWarranty.map((r) => r.unitId));

	const matches: LookupMatch[] = [];
	for (const row of unitRows) {
		const own = views
			.filter((v) => v.unit.id === row.unit.id)
			.sort(
				(a, b) =>
					Number(normalizeSerial(b.serial) === serial) -
						Number(normalizeSerial(a.serial) === serial) || b.id - a.id
			);
		matches.push({
			unit: {
				id: row.unit.id,
				serial: row.unit.serial,
				productCode: row.productCode,
				productNameFa: row.productNameFa,
				productNameEn: row.productNameEn,
				saleDate: row.unit.saleDate,
				owner:
					row.unit.ownerId !== null
						? { id: row.unit.ownerId, name: row.ownerName ?? '', mobile: row.ownerMobile ?? '' }
						: null
			},
			warranties: own,
			byWarrantySerial: warrantyUnit.has(row.unit.id),
			serviceHistory: await listUnitServiceHistory(row.unit.id)
		});
	}
	matches.sort((a, b) => Number(b.byWarrantySerial) - Number(a.byWarrantySerial));
	return { query: serial, matches };
}
