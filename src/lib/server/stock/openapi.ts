/** OpenAPI description of the stock, accounting and payroll routes, for an external ERP to take them over. */
import { z } from 'zod';
import { registerEndpoint } from '#lib/server/http/openapi';
import {
	INVOICE_LINE_KINDS,
	PAYMENT_DIRECTIONS,
	PAYMENT_METHODS,
	STOCK_DOCUMENT_KINDS,
	STOCK_DOCUMENT_STATUSES,
	WAREHOUSE_KINDS
} from '#lib/server/db/schema';

const rials = z
	.string()
	.regex(/^-?\d+$/)
	.describe('Integer Rials as a decimal string');
const at = z.iso.datetime();

const warehouseOut = z
	.object({
		id: z.number(),
		branchId: z.number(),
		code: z.string(),
		kind: z.enum(WAREHOUSE_KINDS),
		nameFa: z.string(),
		nameEn: z.string(),
		allowNegative: z.boolean(),
		active: z.boolean()
	})
	.meta({ id: 'Warehouse' });
const onHandOut = z
	.object({
		warehouseId: z.number(),
		productId: z.number(),
		productCode: z.string(),
		productNameFa: z.string(),
		productNameEn: z.string(),
		serialised: z.boolean(),
		quantity: z.number(),
		serials: z.array(z.string())
	})
	.meta({ id: 'StockOnHand' });
const moveOut = z.object({
	id: z.number(),
	warehouseId: z.number(),
	productId: z.number(),
	quantity: z.number(),
	serial: z.string(),
	unitCostRials: rials
});
const documentOut = z
	.object({
		id: z.number(),
		branchId: z.number(),
		kind: z.enum(STOCK_DOCUMENT_KINDS),
		status: z.enum(STOCK_DOCUMENT_STATUSES),
		number: z.string(),
		requestId: z.number().nullable(),
		workLogId: z.number().nullable(),
		invoiceId: z.number().nullable(),
		reversesId: z.number().nullable(),
		creditNoteId: z.number().nullable().describe('The credit note a sales return was posted with'),
		period: z
			.string()
			.describe('Jalali month a monthly scrap batch returns (`1405-08`, or `1405-08/<agencyId>`)'),
		postedAt: at.nullable(),
		moves: z.array(moveOut)
	})
	.meta({ id: 'StockDocument' });
const documentIn = z
	.object({
		branchId: z.number().int(),
		kind: z.enum(STOCK_DOCUMENT_KINDS),
		note: z.string().optional(),
		moves: z
			.array(
				z.object({
					warehouseId: z.number().int(),
					productId: z.number().int(),
					quantity: z.number(),
					serial: z.string().optional(),
					unitCostRials: rials.optional()
				})
			)
			.min(1)
	})
	.meta({ id: 'StockDocumentInput' });
const invoiceOut = z
	.object({
		id: z.number(),
		number: z.string(),
		branchId: z.number(),
		requestId: z.number().nullable(),
		estimateId: z.number().nullable(),
		status: z.enum(['draft', 'posted']),
		vatRateBp: z.number(),
		subtotalRials: rials,
		discountRials: rials,
		vatRials: rials,
		totalRials: rials,
		paidRials: rials,
		creditedRials: rials.describe('Σ totals of posted credit notes'),
		refundDueRials: rials.describe('The part of those credits owed back to the buyer'),
		balanceRials: rials.describe('total − paid − (credited − refund due)'),
		lines: z.array(
			z.object({
				kind: z.enum(INVOICE_LINE_KINDS),
				productId: z.number().nullable(),
				serviceId: z.number().nullable(),
				description: z.string(),
				quantity: z.number(),
				unitPriceRials: rials,
				amountRials: rials
			})
		),
		refundedRials: rials.describe('Of the refund due, what has been paid back'),
		payments: z.array(
			z.object({
				id: z.number(),
				method: z.enum(PAYMENT_METHODS),
				direction: z.enum(PAYMENT_DIRECTIONS).describe('refund = paid back to the buyer'),
				amountRials: rials,
				paidAt: at
			})
		)
	})
	.meta({ id: 'Invoice' });
const creditNoteOut = z
	.object({
		id: z.number(),
		number: z.string(),
		branchId: z.number(),
		invoiceId: z.number(),
		status: z.enum(['draft', 'posted']),
		reason: z.string(),
		restock: z.boolean(),
		subtotalRials: rials,
		discountRials: rials.describe("The invoice discount's share"),
		vatRials: rials,
		totalRials: rials,
		appliedRials: rials.describe('Taken off the balance due'),
		refundRials: rials.describe('Owed back to the buyer (it had been paid)'),
		postedAt: at.nullable(),
		lines: z.array(
			z.object({
				invoiceLineId: z.number(),
				quantity: z.number(),
				unitPriceRials: rials,
				amountRials: rials
			})
		)
	})
	.meta({ id: 'CreditNote' });
const entryOut = z
	.object({
		id: z.number(),
		entryDate: at,
		description: z.string(),
		sourceType: z.string(),
		sourceId: z.number(),
		totalDebitRials: rials,
		totalCreditRials: rials,
		lines: z.array(
			z.object({
				accountId: z.number(),
				accountCode: z.string(),
				accountNameFa: z.string(),
				debitRials: rials,
				creditRials: rials
			})
		)
	})
	.meta({ id: 'JournalEntry' });
const range = z.object({
	from: z.string().describe('ISO date, inclusive'),
	to: z.string().describe('ISO date, inclusive')
});
const payrollOut = z
	.object({
		month: z.string(),
		status: z.enum(['open', 'locked']),
		lines: z.array(
			z.object({
				technicianId: z.number(),
				personnelNo: z.string(),
				name: z.string(),
				averageQcScore: z.number().nullable(),
				ordersClosed: z.number(),
				ordersOnTime: z.number(),
				performance: z.number().nullable(),
				amountRials: rials
			})
		)
	})
	.meta({ id: 'PayrollMonth' });

const stockView = { area: 'stock', level: 'view' } as const;
const stockEdit = { area: 'stock', level: 'edit' } as const;
const tags = ['Stock'];
const money = ['Accounting'];

registerEndpoint({
	method: 'get',
	path: '/api/v1/warehouses',
	summary: 'List warehouses',
	tags,
	permission: stockView,
	response: z.array(warehouseOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/warehouses',
	summary: "Open a branch's parts, scrap and consignment stores (those it lacks)",
	tags,
	permission: { area: 'stock', level: 'manage' },
	body: z.object({ branchId: z.number().int() }),
	response: z.object({ main: warehouseOut, scrap: warehouseOut, consignment: warehouseOut }),
	status: 201
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/stock/{warehouseId}',
	summary: 'Stock on hand of a warehouse (sum of posted moves), with serials',
	tags,
	permission: stockView,
	response: z.array(onHandOut)
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/stock-documents',
	summary: 'List stock documents',
	tags,
	permission: stockView,
	query: z.object({
		kind: z.enum(STOCK_DOCUMENT_KINDS).optional(),
		status: z.enum(STOCK_DOCUMENT_STATUSES).optional(),
		requestId: z.number().int().optional(),
		limit: z.number().int().optional()
	}),
	response: z.array(documentOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/stock-documents',
	summary: 'Draft a stock document',
	description:
		'A `sales_return` is refused (422 on `kind`): only a posted credit note brings sold parts back.',
	tags,
	permission: stockEdit,
	body: documentIn,
	response: documentOut,
	status: 201
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/stock-documents/{id}',
	summary: 'A stock document with its lines',
	tags,
	permission: stockView,
	response: documentOut
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/stock-documents/{id}/post',
	summary: 'Post a draft (409 with the shortfall when stock would go below zero)',
	tags,
	permission: stockEdit,
	response: documentOut,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/scrap-batches',
	summary:
		"Return a month's scrap: a scrap return of the scrap received that Jalali month still on hand",
	description:
		"Lines: every (part, serial) received into the scrap store in the month (optionally from one agency's requests) less what that month's earlier batches took and what is no longer on hand. 409 `nothing_to_return` when nothing is left.",
	tags,
	permission: stockEdit,
	body: z.object({
		warehouseId: z.number().int(),
		month: z.string().describe('Jalali month, e.g. 1405-08'),
		agencyId: z.number().int().optional(),
		post: z.boolean().optional()
	}),
	response: documentOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/stock-documents/{id}/reverse',
	summary: 'Reverse a posted document with a mirror document',
	tags,
	permission: { area: 'stock', level: 'manage' },
	body: z.object({ note: z.string().optional() }),
	response: documentOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/invoices',
	summary: 'List invoices',
	tags: money,
	permission: { area: 'invoices', level: 'view' },
	response: z.array(invoiceOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/invoices',
	summary: 'Draft an invoice from an approved estimate',
	tags: money,
	permission: { area: 'invoices', level: 'edit' },
	body: z.object({
		estimateId: z.number().int(),
		vatRateBp: z.number().int().optional(),
		discountRials: rials.optional()
	}),
	response: invoiceOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/invoices/{id}',
	summary: 'An invoice with lines, payments and balance due',
	tags: money,
	permission: { area: 'invoices', level: 'view' },
	response: invoiceOut
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/invoices/{id}/post',
	summary: 'Post an invoice (journal entry and sales issue)',
	tags: money,
	permission: { area: 'invoices', level: 'edit' },
	response: invoiceOut,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/invoices/{id}/payments',
	summary: 'Record a (partial) payment',
	tags: money,
	permission: { area: 'invoices', level: 'edit' },
	body: z.object({
		method: z.enum(PAYMENT_METHODS),
		amountRials: rials,
		reference: z.string().optional()
	}),
	response: invoiceOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/invoices/{id}/credit-notes',
	summary: 'Credit notes of an invoice',
	tags: money,
	permission: { area: 'invoices', level: 'view' },
	response: z.array(creditNoteOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/invoices/{id}/credit-notes',
	summary: 'Draft (or with post=true, draft and post) a credit note against a posted invoice',
	description:
		'Lines left out: everything not yet credited. 422 `over_credit` when a line would be credited beyond what was invoiced; 409 when the invoice is not posted.',
	tags: money,
	permission: { area: 'invoices', level: 'edit' },
	body: z.object({
		reason: z.string().min(3),
		restock: z
			.boolean()
			.optional()
			.describe('Return credited parts to the parts store (default true)'),
		lines: z.array(z.object({ invoiceLineId: z.number().int(), quantity: z.number() })).optional(),
		post: z.boolean().optional()
	}),
	response: creditNoteOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/invoices/{id}/refunds',
	summary: 'Pay back (part of) the refund credit notes left owed to the buyer',
	description: '422 when the amount is more than is still owed (refund due − refunded).',
	tags: money,
	permission: { area: 'invoices', level: 'edit' },
	body: z.object({
		method: z.enum(PAYMENT_METHODS),
		amountRials: rials,
		reference: z.string().optional()
	}),
	response: invoiceOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/credit-notes',
	summary: 'Credit notes, newest first',
	tags: money,
	permission: { area: 'invoices', level: 'view' },
	response: z.array(creditNoteOut)
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/credit-notes/{id}',
	summary: 'A credit note with its lines',
	tags: money,
	permission: { area: 'invoices', level: 'view' },
	response: creditNoteOut
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/credit-notes/{id}/post',
	summary:
		'Post a credit note: journal entry, sales return of the parts, invoice balance and credit_note.posted, in one transaction',
	tags: money,
	permission: { area: 'invoices', level: 'edit' },
	response: creditNoteOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/journal-entries',
	summary: 'Journal entries in a date range',
	tags: money,
	permission: { area: 'reports', level: 'view' },
	query: range,
	response: z.array(entryOut)
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/trial-balance',
	summary: 'Trial balance over a date range',
	tags: money,
	permission: { area: 'reports', level: 'view' },
	query: range,
	response: z
		.object({
			lines: z.array(
				z.object({
					code: z.string(),
					nameFa: z.string(),
					nameEn: z.string(),
					debitRials: rials,
					creditRials: rials,
					balanceRials: rials
				})
			),
			totalDebitRials: rials,
			totalCreditRials: rials
		})
		.meta({ id: 'TrialBalance' })
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/payroll/{month}',
	summary: 'A Jalali month of technician performance (technicians see their own line)',
	tags: ['Payroll'],
	permission: { area: 'worklogs', level: 'view' },
	response: payrollOut
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/payroll/{month}',
	summary: 'Recompute an open month',
	tags: ['Payroll'],
	permission: { area: 'reports', level: 'edit' },
	response: payrollOut,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/payroll/{month}/lock',
	summary: 'Lock the reviewed month',
	tags: ['Payroll'],
	permission: { area: 'reports', level: 'manage' },
	response: payrollOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/payroll/{month}/export',
	summary: 'Export a locked month as CSV (or ?format=xlsx)',
	tags: ['Payroll'],
	permission: { area: 'reports', level: 'view' },
	response: z.string(),
	conflict: true
});
