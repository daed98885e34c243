/**
 * Demo warranties: the usual Iranian warranty plans and a card for most demo units, so lookup,
 * lists and reception show every state — covered, in grace, expired, waiting for registration or
 * activation, and deactivated with a reason.
 */
import { asc } from 'drizzle-orm';
import { addDaysToJalaliDate, fromJalali, toJalali } from '#lib/domain/jalali';
import { normalizeSerial } from '#lib/domain/text';
import type { Tx } from '../db';
import {
	units,
	warranties,
	warrantyAssignments,
	warrantyTypes,
	type WarrantyType
} from '../db/schema';
import { recordWarrantyChanges } from '../warranty/changes';
import { periodColumns } from '../warranty/periods';

const TYPES = [
	{
		code: 'G18S',
		nameFa: '۱۸ ماهه از تاریخ فروش',
		nameEn: '18 months from sale',
		months: 18,
		days: 0,
		startRule: 'sale',
		coverage: 'both',
		graceDays: 15
	},
	{
		code: 'G12R',
		nameFa: '۱۲ ماهه از تاریخ ثبت',
		nameEn: '12 months from registration',
		months: 12,
		days: 0,
		startRule: 'registration',
		coverage: 'parts',
		graceDays: 7
	},
	{
		code: 'G24A',
		nameFa: '۲۴ ماهه از نخستین فعال‌سازی',
		nameEn: '24 months from first activation',
		months: 24,
		days: 0,
		startRule: 'activation',
		coverage: 'both',
		graceDays: 30
	},
	{
		code: 'G36S',
		nameFa: '۳۶ ماهه قطعات از تاریخ فروش',
		nameEn: '36 months parts from sale',
		months: 36,
		days: 0,
		startRule: 'sale',
		coverage: 'parts',
		graceDays: 0
	}
] as const;

const INACTIVE_REASONS = [
	'کارت گارانتی مخدوش است',
	'فروش خارج از شبکهٔ نمایندگی',
	'برچسب سریال دست‌کاری شده است'
];

/** A small deterministic generator, so every demo load looks the same. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

const daysAfter = (date: Date, days: number) => {
	const day = addDaysToJalaliDate(toJalali(date), days);
	return fromJalali(day.jy, day.jm, day.jd);
};

/** Warranty types, and warranties for about 85% of the demo units; skipped when types exist. */
export async function seedWarrantyDemo(tx: Tx): Promise<{ types: number; warranties: number }> {
	const existing = await tx.select({ id: warrantyTypes.id }).from(warrantyTypes).limit(1);
	if (existing.length) return { types: 0, warranties: 0 };
	const typeRows = await tx
		.insert(warrantyTypes)
		.values(TYPES.map((t) => ({ ...t })))
		.returning();
	const byCode = (code: string) => typeRows.find((t) => t.code === code)! as WarrantyType;

	const unitRows = await tx.select().from(units).orderBy(asc(units.id));
	if (!unitRows.length) return { types: typeRows.length, warranties: 0 };
	const rand = random(1403);
	const rows = [];
	for (const unit of unitRows) {
		if (rand() < 0.15) continue;
		const roll = rand();
		const type = byCode(roll < 0.55 ? 'G18S' : roll < 0.75 ? 'G12R' : roll < 0.9 ? 'G24A' : 'G36S');
		const saleDate = unit.saleDate;
		// Owners register within a couple of weeks; about half the activation-based units were switched on.
		const registeredAt =
			unit.ownerId !== null && saleDate ? daysAfter(saleDate, 1 + Math.floor(rand() * 14)) : null;
		const activatedAt =
			type.startRule === 'activation' && saleDate && rand() < 0.5 ? daysAfter(saleDate, 2) : null;
		const dates = { saleDate, registeredAt, activatedAt };
		const inactive = rand() < 0.05;
		const serial = `${type.code.slice(1, 3)}${String(4_000_000 + unit.id * 7919).slice(-7)}-${unit.id % 10}`;
		rows.push({
			serial,
			serialNorm: normalizeSerial(serial),
			typeId: type.id,
			unitId: unit.id,
			customerId: unit.ownerId,
			...dates,
			...periodColumns(type, dates),
			active: !inactive,
			inactiveReason: inactive
				? INACTIVE_REASONS[Math.floor(rand() * INACTIVE_REASONS.length)]!
				: null
		});
	}
	const inserted = await tx
		.insert(warranties)
		.values(rows)
		.returning({ id: warranties.id, customerId: warranties.customerId });
	const assigned = inserted.filter((w) => w.customerId !== null);
	if (assigned.length) {
		await tx
			.insert(warrantyAssignments)
			.values(assigned.map((w) => ({ warrantyId: w.id, customerId: w.customerId, note: 'demo' })));
	}
	await recordWarrantyChanges(
		tx,
		null,
		inserted.map((w) => ({ entityId: w.id, action: 'created', payload: { demo: true } }))
	);
	return { types: typeRows.length, warranties: inserted.length };
}
