import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { normalizeDigits } from '#lib/domain/text';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb, type Executor } from '../db';
import { billingSettings, type BillingSettings } from '../db/schema';
import { parseOrThrow } from '../http/errors';
import { recordLedgerChange } from '../stock/events';

/** Iran's VAT rate in basis points (10 % since 1403), used until an accountant sets another. */
export const DEFAULT_VAT_RATE_BP = 1000;

const DEFAULTS: Omit<BillingSettings, 'updatedAt' | 'updatedBy'> = {
	id: 1,
	sellerName: '',
	economicCode: '',
	nationalId: '',
	registrationNo: '',
	postalCode: '',
	address: '',
	phone: '',
	vatRateBp: DEFAULT_VAT_RATE_BP,
	invoiceNote: ''
};

/** The seller particulars and VAT rate in force (defaults until someone saves them). */
export async function billingSettingsIn(tx: Executor): Promise<BillingSettings> {
	const [row] = await tx.select().from(billingSettings).where(eq(billingSettings.id, 1));
	return row ?? { ...DEFAULTS, updatedBy: null, updatedAt: new Date(0) };
}

/** The settings for the settings page and the printed invoice. */
export async function getBillingSettings(actor: Actor): Promise<BillingSettings> {
	requirePermission(actor, 'invoices', 'view');
	return billingSettingsIn(await getDb());
}

// Codes are typed in any digits; they are stored in Latin digits so they print and match alike.
const digits = (max: number) =>
	z
		.string()
		.trim()
		.transform((v) => normalizeDigits(v).replace(/\s+/g, ''))
		.refine((v) => v === '' || (/^\d+$/.test(v) && v.length <= max), 'validation.invalid');

export const billingSettingsSchema = z.object({
	sellerName: z.string().trim().max(200).default(''),
	economicCode: digits(14).default(''),
	nationalId: digits(11).default(''),
	registrationNo: z.string().trim().max(30).default(''),
	postalCode: digits(10).default(''),
	address: z.string().trim().max(500).default(''),
	phone: z.string().trim().max(40).default(''),
	/** Percent as typed (`10`, `۹`, `9.5`), stored in basis points. */
	vatRatePercent: z.union([z.string(), z.number()]).transform((v, ctx) => {
		const n = Number(normalizeDigits(String(v)).replace('٫', '.'));
		if (!Number.isFinite(n) || n < 0 || n > 100) {
			ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
			return z.NEVER;
		}
		return Math.round(n * 100);
	}),
	invoiceNote: z.string().trim().max(1000).default('')
});

/** Saves the seller particulars and VAT rate; applies to invoices drafted from now on. */
export async function updateBillingSettings(actor: Actor, raw: unknown): Promise<BillingSettings> {
	requirePermission(actor, 'invoices', 'manage');
	const { vatRatePercent, ...input } = parseOrThrow(billingSettingsSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const values = {
			...input,
			vatRateBp: vatRatePercent,
			updatedBy: actor.user.id,
			updatedAt: new Date()
		};
		const [row] = await tx
			.insert(billingSettings)
			.values({ id: 1, ...values })
			.onConflictDoUpdate({ target: billingSettings.id, set: values })
			.returning();
		await recordLedgerChange(tx, {
			entityType: 'billing_setting',
			entityId: 1,
			action: 'updated',
			type: 'billing_setting.updated',
			actorId: actor.user.id,
			branchId: null,
			changes: { ...input, vatRateBp: vatRatePercent }
		});
		return row!;
	});
}
