import { eq } from 'drizzle-orm';
import type { AccountRole } from '#lib/domain/journal';
import type { Executor } from '../db';
import { accountMappings, accounts, type AccountType } from '../db/schema';

/** A small Iranian chart of accounts, enough for the service centre's documents. */
export const DEFAULT_CHART: {
	code: string;
	nameFa: string;
	nameEn: string;
	type: AccountType;
	role: AccountRole;
}[] = [
	{ code: '1101', nameFa: 'صندوق', nameEn: 'Cash', type: 'asset', role: 'cash' },
	{ code: '1102', nameFa: 'بانک', nameEn: 'Bank', type: 'asset', role: 'bank' },
	{
		code: '1301',
		nameFa: 'حساب‌های دریافتنی',
		nameEn: 'Accounts receivable',
		type: 'asset',
		role: 'receivables'
	},
	{ code: '1401', nameFa: 'موجودی کالا', nameEn: 'Inventory', type: 'asset', role: 'inventory' },
	{ code: '1402', nameFa: 'انبار داغی', nameEn: 'Scrap stock', type: 'asset', role: 'scrap' },
	{
		code: '2101',
		nameFa: 'حساب‌های پرداختنی',
		nameEn: 'Accounts payable',
		type: 'liability',
		role: 'payables'
	},
	{
		code: '2301',
		nameFa: 'مالیات بر ارزش افزوده پرداختنی',
		nameEn: 'VAT payable',
		type: 'liability',
		role: 'vat_payable'
	},
	{
		code: '2102',
		nameFa: 'استرداد وجه مشتریان پرداختنی',
		nameEn: 'Customer refunds payable',
		type: 'liability',
		role: 'refunds_payable'
	},
	{
		code: '4101',
		nameFa: 'درآمد خدمات',
		nameEn: 'Service revenue',
		type: 'revenue',
		role: 'revenue'
	},
	{
		code: '4102',
		nameFa: 'برگشت از فروش و تخفیفات',
		nameEn: 'Sales returns and allowances',
		type: 'revenue',
		role: 'sales_returns'
	},
	{
		code: '5101',
		nameFa: 'بهای تمام‌شدهٔ قطعات فروش‌رفته',
		nameEn: 'Cost of parts sold',
		type: 'expense',
		role: 'cogs'
	},
	{
		code: '5201',
		nameFa: 'هزینهٔ گارانتی',
		nameEn: 'Warranty expense',
		type: 'expense',
		role: 'warranty_expense'
	}
];

/**
 * Roles added after the first release: an installation whose chart predates them never had the
 * chance to map them, so the first posting that needs one installs its default account.
 */
export const LATE_ROLES: readonly AccountRole[] = ['sales_returns', 'refunds_payable'];

/** Creates the default chart and maps every role where nothing is mapped yet; idempotent. */
export async function installDefaultChart(
	tx: Executor,
	only: readonly AccountRole[] | null = null
): Promise<void> {
	for (const account of DEFAULT_CHART) {
		if (only && !only.includes(account.role)) continue;
		// Insert-or-skip, then read: two first postings racing to install the chart both succeed.
		await tx
			.insert(accounts)
			.values({
				code: account.code,
				nameFa: account.nameFa,
				nameEn: account.nameEn,
				type: account.type
			})
			.onConflictDoNothing({ target: accounts.code });
		const [row] = await tx.select().from(accounts).where(eq(accounts.code, account.code));
		await tx
			.insert(accountMappings)
			.values({ role: account.role, accountId: row!.id })
			.onConflictDoNothing();
	}
}
