import { requirePagePermission } from '#lib/server/auth/guard';
import { listDocuments } from '#lib/server/stock/documents';
import { listWarehouses, stockOnHand } from '#lib/server/stock/warehouses';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'stock', 'view');
	const warehouses = await listWarehouses(actor);
	const stock = await Promise.all(
		warehouses.map(async (w) => ({ warehouse: w, rows: await stockOnHand(actor, w.id) }))
	);
	const documents = await listDocuments(actor, { limit: 30 });
	return {
		stock,
		documents: documents.map((d) => ({
			id: d.id,
			number: d.number,
			kind: d.kind,
			status: d.status,
			createdAt: d.createdAt,
			lines: d.moves.length
		}))
	};
};
