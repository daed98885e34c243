/** Messages of the stock and accounting contexts: warehouses, documents, journal, invoices. */
export const fa = {
	'nav.stock': 'انبار',
	'nav.invoices': 'فاکتورها',
	'nav.accounting': 'حسابداری',
	'stock.error.shortfall': 'موجودی کافی نیست: {items}',
	'stock.error.notDraft': 'این سند قبلاً ثبت شده و دیگر قابل تغییر نیست.',
	'stock.error.notPosted': 'فقط سند ثبت‌شده را می‌توان برگشت زد.',
	'stock.error.noWarehouse': 'برای این شعبه انبار «{kind}» تعریف نشده است.',
	'stock.error.warehouseNotFound': 'انبار پیدا نشد.',
	'stock.error.productNotFound': 'کالا پیدا نشد.',
	'stock.error.emptyDocument': 'سند باید دست‌کم یک ردیف داشته باشد.',
	'stock.error.wrongBranch': 'انبار باید از شعبهٔ همین سند باشد.',
	'stock.error.noMapping': 'حساب «{role}» در نگاشت حساب‌ها تعیین نشده است.',
	'billing.error.estimateNotApproved': 'فقط از برآورد تأییدشده می‌توان فاکتور صادر کرد.',
	'billing.error.alreadyInvoiced': 'برای این برآورد قبلاً فاکتور صادر شده است.',
	'billing.error.notDraft': 'این فاکتور ثبت شده و دیگر قابل تغییر نیست.',
	'billing.error.notPosted': 'پرداخت فقط برای فاکتور ثبت‌شده ثبت می‌شود.',
	'billing.error.overpayment': 'مبلغ از ماندهٔ فاکتور ({balance} ریال) بیشتر است.',
	'billing.error.discountTooLarge': 'تخفیف از جمع فاکتور بیشتر است.',
	'billing.error.emptyInvoice': 'فاکتور ردیفی ندارد.'
} as const;

export const en: Record<keyof typeof fa, string> = {
	'nav.stock': 'Stock',
	'nav.invoices': 'Invoices',
	'nav.accounting': 'Accounting',
	'stock.error.shortfall': 'Not enough stock: {items}',
	'stock.error.notDraft': 'This document is posted and can no longer change.',
	'stock.error.notPosted': 'Only a posted document can be reversed.',
	'stock.error.noWarehouse': 'This branch has no "{kind}" warehouse.',
	'stock.error.warehouseNotFound': 'Warehouse not found.',
	'stock.error.productNotFound': 'Product not found.',
	'stock.error.emptyDocument': 'A document needs at least one line.',
	'stock.error.wrongBranch': "The warehouse must belong to the document's branch.",
	'stock.error.noMapping': 'No account is mapped for "{role}".',
	'billing.error.estimateNotApproved': 'Only an approved estimate can be invoiced.',
	'billing.error.alreadyInvoiced': 'This estimate has already been invoiced.',
	'billing.error.notDraft': 'This invoice is posted and can no longer change.',
	'billing.error.notPosted': 'Payments can only be recorded on a posted invoice.',
	'billing.error.overpayment': 'The amount is more than the balance due ({balance} IRR).',
	'billing.error.discountTooLarge': 'The discount is larger than the invoice.',
	'billing.error.emptyInvoice': 'The invoice has no lines.'
};
