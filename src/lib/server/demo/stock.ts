import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { branches, products, stockDocuments } from '../db/schema';
import { installDefaultChart } from '../billing/accounts';
import { draftDocumentInTx, postDocumentInTx } from '../stock/documents';
import { ensureBranchWarehouses } from '../stock/warehouses';

const DEMO_BRANCHES = ['THR-01', 'ISF-01'];
const OPENING_NOTE = 'موجودی اول دورهٔ نمایشی';
/** Opening stock per part and branch: enough for the demo's repairs to post without shortfalls. */
const OPENING_QUANTITY = 40;

/**
 * Warehouses (parts, scrap, consignment) for both demo branches, the Persian chart of accounts
 * with its mapping, and an opening receipt of every active part at 70 % of its price. Run it
 * before the service demo so the demo's repairs leave their stock documents; idempotent.
 */
export async function seedStockDemo(
	tx: Tx
): Promise<{ warehouses: number; openingReceipts: number }> {
	await installDefaultChart(tx);
	const found = await tx.select().from(branches).where(inArray(branches.code, DEMO_BRANCHES));
	const parts = await tx
		.select()
		.from(products)
		.where(and(eq(products.isPart, true), eq(products.active, true)));
	let warehouses = 0;
	let openingReceipts = 0;
	for (const branch of found) {
		const stores = await ensureBranchWarehouses(tx, branch.id);
		warehouses += 3;
		const [already] = await tx
			.select({ id: stockDocuments.id })
			.from(stockDocuments)
			.where(
				and(
					eq(stockDocuments.branchId, branch.id),
					eq(stockDocuments.kind, 'receipt'),
					eq(stockDocuments.note, OPENING_NOTE)
				)
			);
		if (already || parts.length === 0) continue;
		const doc = await draftDocumentInTx(tx, null, {
			branchId: branch.id,
			kind: 'receipt',
			note: OPENING_NOTE,
			moves: parts.map((p) => ({
				warehouseId: stores.main.id,
				productId: p.id,
				quantity: OPENING_QUANTITY,
				unitCostRials: (p.priceRials * 7n) / 10n
			}))
		});
		await postDocumentInTx(tx, null, doc.id);
		openingReceipts += 1;
	}
	return { warehouses, openingReceipts };
}
