import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	index,
	integer,
	numeric,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { products, services } from './catalog';
import { customers } from './crm';
import { branches } from './org';
import { estimates, serviceRequests } from './service';

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
/** The roles the journal generator needs an account for; each is mapped to one account. */
export const ACCOUNT_ROLES = [
	'inventory',
	'warranty_expense',
	'cogs',
	'revenue',
	'vat_payable',
	'receivables',
	'cash',
	'bank',
	'scrap',
	'payables',
	'sales_returns',
	'refunds_payable'
] as const;
export const INVOICE_STATUSES = ['draft', 'posted'] as const;
export const CREDIT_NOTE_STATUSES = ['draft', 'posted'] as const;
export const INVOICE_LINE_KINDS = ['part', 'labour', 'service', 'discount'] as const;
export const PAYMENT_METHODS = ['cash', 'card', 'transfer'] as const;
/** receipt: money in from the buyer; refund: money paid back to them (a refund owed after a credit note). */
export const PAYMENT_DIRECTIONS = ['receipt', 'refund'] as const;

export const accounts = pgTable('account', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	code: text('code').notNull().unique(),
	nameFa: text('name_fa').notNull(),
	nameEn: text('name_en').notNull(),
	type: text('type', { enum: ACCOUNT_TYPES }).notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** Which account plays each role; changed by an accountant without touching code. */
export const accountMappings = pgTable('account_mapping', {
	role: text('role', { enum: ACCOUNT_ROLES }).primaryKey(),
	accountId: integer('account_id')
		.notNull()
		.references(() => accounts.id)
});

/**
 * A posted journal entry; never edited (a trigger refuses updates). The stored totals must be
 * equal (CHECK) and a deferred constraint trigger checks at commit that the lines add up to them.
 */
export const journalEntries = pgTable(
	'journal_entry',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id').references(() => branches.id),
		entryDate: timestamp('entry_date', { withTimezone: true }).notNull(),
		description: text('description').notNull().default(''),
		/** stock_document, invoice, payment. */
		sourceType: text('source_type').notNull(),
		sourceId: integer('source_id').notNull(),
		totalDebitRials: bigint('total_debit_rials', { mode: 'bigint' }).notNull(),
		totalCreditRials: bigint('total_credit_rials', { mode: 'bigint' }).notNull(),
		reversesId: integer('reverses_id').references((): AnyPgColumn => journalEntries.id),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('journal_entry_date_idx').on(t.entryDate),
		index('journal_entry_source_idx').on(t.sourceType, t.sourceId),
		check(
			'journal_entry_balanced_ck',
			sql`${t.totalDebitRials} = ${t.totalCreditRials} and ${t.totalDebitRials} > 0`
		)
	]
);

export const journalLines = pgTable(
	'journal_line',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		entryId: integer('entry_id')
			.notNull()
			.references(() => journalEntries.id),
		accountId: integer('account_id')
			.notNull()
			.references(() => accounts.id),
		debitRials: bigint('debit_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		creditRials: bigint('credit_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		memo: text('memo').notNull().default('')
	},
	(t) => [
		index('journal_line_entry_idx').on(t.entryId),
		index('journal_line_account_idx').on(t.accountId),
		check(
			'journal_line_side_ck',
			sql`${t.debitRials} >= 0 and ${t.creditRials} >= 0 and (${t.debitRials} = 0) <> (${t.creditRials} = 0)`
		)
	]
);

/** A sales invoice (فاکتور فروش), numbered per branch and Jalali year; amounts in integer Rials. */
export const invoices = pgTable(
	'invoice',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		jalaliYear: integer('jalali_year').notNull(),
		seq: integer('seq').notNull(),
		number: text('number').notNull().unique(),
		requestId: integer('request_id').references(() => serviceRequests.id),
		estimateId: integer('estimate_id').references(() => estimates.id),
		customerId: integer('customer_id').references(() => customers.id),
		status: text('status', { enum: INVOICE_STATUSES }).notNull().default('draft'),
		/** Basis points: 1000 = 10 %. */
		vatRateBp: integer('vat_rate_bp').notNull().default(1000),
		subtotalRials: bigint('subtotal_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		discountRials: bigint('discount_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		vatRials: bigint('vat_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		totalRials: bigint('total_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		paidRials: bigint('paid_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		/** Σ totals of posted credit notes (the invoice itself never changes once posted). */
		creditedRials: bigint('credited_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		/** The part of those credits that exceeded what was unpaid: money owed back to the buyer. */
		refundDueRials: bigint('refund_due_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		/** Of that refund due, what has been paid back (refund payments). */
		refundedRials: bigint('refunded_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		createdBy: integer('created_by').references(() => users.id),
		postedBy: integer('posted_by').references(() => users.id),
		postedAt: timestamp('posted_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('invoice_number_uq').on(t.branchId, t.jalaliYear, t.seq),
		index('invoice_request_idx').on(t.requestId),
		check(
			'invoice_amounts_ck',
			sql`${t.vatRateBp} >= 0 and ${t.discountRials} >= 0 and ${t.paidRials} >= 0 and ${t.paidRials} <= ${t.totalRials} and ${t.totalRials} = ${t.subtotalRials} - ${t.discountRials} + ${t.vatRials}`
		),
		// Balance due = total − paid − (credited − refund due) never goes below zero.
		check(
			'invoice_credit_ck',
			sql`${t.creditedRials} >= 0 and ${t.creditedRials} <= ${t.totalRials} and ${t.refundDueRials} >= 0 and ${t.refundDueRials} <= ${t.creditedRials} and ${t.paidRials} + ${t.creditedRials} - ${t.refundDueRials} <= ${t.totalRials}`
		),
		check(
			'invoice_refunded_ck',
			sql`${t.refundedRials} >= 0 and ${t.refundedRials} <= ${t.refundDueRials}`
		)
	]
);

export const invoiceLines = pgTable(
	'invoice_line',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		invoiceId: integer('invoice_id')
			.notNull()
			.references(() => invoices.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: INVOICE_LINE_KINDS }).notNull(),
		productId: integer('product_id').references(() => products.id),
		serviceId: integer('service_id').references(() => services.id),
		description: text('description').notNull().default(''),
		quantity: numeric('quantity', { precision: 12, scale: 3, mode: 'number' }).notNull(),
		unitPriceRials: bigint('unit_price_rials', { mode: 'bigint' }).notNull(),
		/** Signed: discount lines are negative. */
		amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull()
	},
	(t) => [
		index('invoice_line_invoice_idx').on(t.invoiceId),
		check('invoice_line_qty_ck', sql`${t.quantity} > 0`)
	]
);

/**
 * A credit note (اعلامیهٔ بستانکار / برگشت از فروش) against a posted invoice: whole or selected
 * lines and quantities, numbered per branch and Jalali year like invoices. Posting reverses its
 * share of revenue and VAT; `appliedRials` reduced the receivable, `refundRials` became owed back.
 */
export const creditNotes = pgTable(
	'credit_note',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		jalaliYear: integer('jalali_year').notNull(),
		seq: integer('seq').notNull(),
		number: text('number').notNull().unique(),
		invoiceId: integer('invoice_id')
			.notNull()
			.references(() => invoices.id),
		status: text('status', { enum: CREDIT_NOTE_STATUSES }).notNull().default('draft'),
		reason: text('reason').notNull(),
		/** Credited parts go back into the branch's parts store (a sales return document). */
		restock: boolean('restock').notNull().default(true),
		subtotalRials: bigint('subtotal_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		/** The invoice discount's share of the credited lines. */
		discountRials: bigint('discount_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		vatRials: bigint('vat_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		totalRials: bigint('total_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		appliedRials: bigint('applied_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		refundRials: bigint('refund_rials', { mode: 'bigint' })
			.notNull()
			.default(sql`0`),
		createdBy: integer('created_by').references(() => users.id),
		postedBy: integer('posted_by').references(() => users.id),
		postedAt: timestamp('posted_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('credit_note_number_uq').on(t.branchId, t.jalaliYear, t.seq),
		index('credit_note_invoice_idx').on(t.invoiceId),
		check(
			'credit_note_amounts_ck',
			sql`${t.discountRials} >= 0 and ${t.vatRials} >= 0 and ${t.totalRials} = ${t.subtotalRials} - ${t.discountRials} + ${t.vatRials} and ${t.appliedRials} >= 0 and ${t.refundRials} >= 0 and (${t.status} = 'draft' or ${t.appliedRials} + ${t.refundRials} = ${t.totalRials})`
		)
	]
);

export const creditNoteLines = pgTable(
	'credit_note_line',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		creditNoteId: integer('credit_note_id')
			.notNull()
			.references(() => creditNotes.id, { onDelete: 'cascade' }),
		invoiceLineId: integer('invoice_line_id')
			.notNull()
			.references(() => invoiceLines.id),
		quantity: numeric('quantity', { precision: 12, scale: 3, mode: 'number' }).notNull(),
		unitPriceRials: bigint('unit_price_rials', { mode: 'bigint' }).notNull(),
		amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull()
	},
	(t) => [
		index('credit_note_line_note_idx').on(t.creditNoteId),
		index('credit_note_line_invoice_line_idx').on(t.invoiceLineId),
		check('credit_note_line_qty_ck', sql`${t.quantity} > 0 and ${t.amountRials} >= 0`)
	]
);

export const payments = pgTable(
	'payment',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		invoiceId: integer('invoice_id')
			.notNull()
			.references(() => invoices.id),
		method: text('method', { enum: PAYMENT_METHODS }).notNull(),
		/** Amounts are always positive; a refund is money going back to the buyer. */
		direction: text('direction', { enum: PAYMENT_DIRECTIONS }).notNull().default('receipt'),
		amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
		reference: text('reference').notNull().default(''),
		paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
		journalEntryId: integer('journal_entry_id').references(() => journalEntries.id),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('payment_invoice_idx').on(t.invoiceId),
		check('payment_amount_ck', sql`${t.amountRials} > 0`)
	]
);

/**
 * The seller's legal particulars printed on every sales invoice (an Iranian invoice names the
 * seller's economic code, national id and postal code) and the VAT rate new invoices take.
 * One row (id 1); edited by an accountant.
 */
export const billingSettings = pgTable('billing_setting', {
	id: integer('id').primaryKey(),
	sellerName: text('seller_name').notNull().default(''),
	economicCode: text('economic_code').notNull().default(''),
	nationalId: text('national_id').notNull().default(''),
	registrationNo: text('registration_no').notNull().default(''),
	postalCode: text('postal_code').notNull().default(''),
	address: text('address').notNull().default(''),
	phone: text('phone').notNull().default(''),
	/** Basis points: 1000 = 10 %. */
	vatRateBp: integer('vat_rate_bp').notNull().default(1000),
	invoiceNote: text('invoice_note').notNull().default(''),
	updatedBy: integer('updated_by').references(() => users.id),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export type AccountType = (typeof ACCOUNT_TYPES)[number];
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type Account = typeof accounts.$inferSelect;
export type JournalEntry = typeof journalEntries.$inferSelect;
export type JournalLine = typeof journalLines.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type CreditNote = typeof creditNotes.$inferSelect;
export type CreditNoteLine = typeof creditNoteLines.$inferSelect;
export type BillingSettings = typeof billingSettings.$inferSelect;
