/**
 * Which accounts a posted document debits and credits. Pure: the caller resolves each role to an
 * account through the configurable mapping, so the same rules serve any chart of accounts.
 */

export type AccountRole =
	| 'inventory'
	| 'warranty_expense'
	| 'cogs'
	| 'revenue'
	| 'vat_payable'
	| 'receivables'
	| 'cash'
	| 'bank'
	| 'scrap'
	| 'payables'
	| 'sales_returns'
	| 'refunds_payable';

export interface JournalDraftLine {
	role: AccountRole;
	debit: bigint;
	credit: bigint;
}

export type JournalSource =
	/** Value of the moved goods (Σ |quantity| × unit cost) for a stock document. */
	| { type: 'stock'; kind: StockKind; valueRials: bigint }
	| { type: 'invoice'; netRials: bigint; vatRials: bigint }
	| { type: 'payment'; method: 'cash' | 'card' | 'transfer'; amountRials: bigint }
	/** Paying back a refund owed after a credit note: the liability against cash or bank. */
	| { type: 'refund'; method: 'cash' | 'card' | 'transfer'; amountRials: bigint }
	/**
	 * A credit note: net and VAT come back off sales returns and VAT payable; `applied` cancels
	 * the unpaid receivable, `refund` (what the buyer had already paid) is owed back to them.
	 */
	| {
			type: 'credit_note';
			netRials: bigint;
			vatRials: bigint;
			appliedRials: bigint;
			refundRials: bigint;
	  };

export type StockKind =
	| 'warranty_issue'
	| 'sales_issue'
	| 'scrap_receipt'
	| 'scrap_return'
	| 'consignment_receipt'
	| 'consignment_return'
	| 'receipt'
	| 'transfer'
	| 'sales_return';

function pair(debit: AccountRole, credit: AccountRole, amount: bigint): JournalDraftLine[] {
	return [
		{ role: debit, debit: amount, credit: 0n },
		{ role: credit, debit: 0n, credit: amount }
	];
}

// Customers' units (consignment) are not the centre's assets and a transfer stays inside one
// inventory account, so neither moves money; scrap is carried at the value it was received at.
const STOCK_RULES: Record<StockKind, [AccountRole, AccountRole] | null> = {
	warranty_issue: ['warranty_expense', 'inventory'],
	sales_issue: ['cogs', 'inventory'],
	receipt: ['inventory', 'payables'],
	scrap_receipt: ['scrap', 'warranty_expense'],
	scrap_return: ['payables', 'scrap'],
	// Parts a credit note takes back: the sales issue's cost comes off the cost of sales.
	sales_return: ['inventory', 'cogs'],
	consignment_receipt: null,
	consignment_return: null,
	transfer: null
};

/**
 * The lines of the journal entry a source generates; empty when it moves no money (a zero-valued
 * document, consignment, transfer). Every non-empty result is balanced.
 */
export function journalLinesFor(source: JournalSource): JournalDraftLine[] {
	switch (source.type) {
		case 'stock': {
			const rule = STOCK_RULES[source.kind];
			if (!rule || source.valueRials === 0n) return [];
			const amount = source.valueRials < 0n ? -source.valueRials : source.valueRials;
			// A negative value is a reversal: the same accounts with the sides swapped.
			return source.valueRials < 0n
				? pair(rule[1], rule[0], amount)
				: pair(rule[0], rule[1], amount);
		}
		case 'invoice': {
			if (source.netRials < 0n || source.vatRials < 0n)
				throw new RangeError('invoice amounts must not be negative');
			const total = source.netRials + source.vatRials;
			if (total === 0n) return [];
			const lines: JournalDraftLine[] = [{ role: 'receivables', debit: total, credit: 0n }];
			if (source.netRials > 0n) lines.push({ role: 'revenue', debit: 0n, credit: source.netRials });
			if (source.vatRials > 0n)
				lines.push({ role: 'vat_payable', debit: 0n, credit: source.vatRials });
			return lines;
		}
		case 'credit_note': {
			const { netRials, vatRials, appliedRials, refundRials } = source;
			if (netRials < 0n || vatRials < 0n || appliedRials < 0n || refundRials < 0n)
				throw new RangeError('credit note amounts must not be negative');
			if (appliedRials + refundRials !== netRials + vatRials)
				throw new RangeError('a credit note must settle exactly its total');
			const lines: JournalDraftLine[] = [];
			if (netRials > 0n) lines.push({ role: 'sales_returns', debit: netRials, credit: 0n });
			if (vatRials > 0n) lines.push({ role: 'vat_payable', debit: vatRials, credit: 0n });
			if (appliedRials > 0n) lines.push({ role: 'receivables', debit: 0n, credit: appliedRials });
			if (refundRials > 0n) lines.push({ role: 'refunds_payable', debit: 0n, credit: refundRials });
			return lines;
		}
		case 'payment': {
			if (source.amountRials <= 0n) throw new RangeError('payment must be positive');
			return pair(source.method === 'cash' ? 'cash' : 'bank', 'receivables', source.amountRials);
		}
		case 'refund': {
			if (source.amountRials <= 0n) throw new RangeError('refund must be positive');
			return pair(
				'refunds_payable',
				source.method === 'cash' ? 'cash' : 'bank',
				source.amountRials
			);
		}
	}
}

/** Whether debits equal credits, every line has exactly one side, and the entry is not empty. */
export function isBalanced(lines: readonly { debit: bigint; credit: bigint }[]): boolean {
	if (lines.length < 2) return false;
	let debit = 0n;
	let credit = 0n;
	for (const line of lines) {
		if (line.debit < 0n || line.credit < 0n || (line.debit === 0n) === (line.credit === 0n))
			return false;
		debit += line.debit;
		credit += line.credit;
	}
	return debit === credit;
}

/** Sums of an entry's sides. */
export function entryTotals(lines: readonly { debit: bigint; credit: bigint }[]): {
	debit: bigint;
	credit: bigint;
} {
	return lines.reduce((acc, l) => ({ debit: acc.debit + l.debit, credit: acc.credit + l.credit }), {
		debit: 0n,
		credit: 0n
	});
}

export interface InvoiceLineAmount {
	/** Signed; discount lines are negative. */
	amountRials: bigint;
	kind: 'part' | 'labour' | 'service' | 'discount';
}

/**
 * Invoice totals: VAT is charged on the net after discount and rounded once, half-up to the whole
 * Rial (computeVat), never per line, so the printed VAT is exactly rate × net.
 */
export function invoiceTotals(
	lines: readonly InvoiceLineAmount[],
	vatRateBp: number,
	computeVat: (amount: bigint, rateBp: number) => bigint
): { subtotal: bigint; discount: bigint; net: bigint; vat: bigint; total: bigint } {
	let subtotal = 0n;
	let discount = 0n;
	for (const line of lines) {
		if (line.kind === 'discount')
			discount += line.amountRials < 0n ? -line.amountRials : line.amountRials;
		else subtotal += line.amountRials;
	}
	if (discount > subtotal) throw new RangeError('discount exceeds subtotal');
	const net = subtotal - discount;
	const vat = computeVat(net, vatRateBp);
	return { subtotal, discount, net, vat, total: net + vat };
}
