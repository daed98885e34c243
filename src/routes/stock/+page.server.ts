import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { parseRials } from '#lib/domain/money';
import { parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import { fieldError } from '#lib/server/service/errors';
import {
	createDocument,
	listDocuments,
	postDocument,
	reverseDocument
} from '#lib/server/stock/documents';
import {
	branchesWithoutWarehouses,
	getWarehouse,
	listWarehouses,
	openBranchWarehouses,
	partChoices,
	stockOnHand,
	updateWarehouseSettings
} from '#lib/server/stock/warehouses';
import { returnMonthScrap, scrapBatchChoices } from '#lib/server/stock/scrap-batch';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'stock', 'view');
	const canEdit = can(actor, 'stock', 'edit');
	const warehouses = await listWarehouses(actor);
	const stock = await Promise.all(
		warehouses.map(async (w) => ({ warehouse: w, rows: await stockOnHand(actor, w.id) }))
	);
	const [documents, unopened, parts, scrapBatch] = await Promise.all([
		listDocuments(actor, { limit: 30 }),
		branchesWithoutWarehouses(actor),
		canEdit ? partChoices(actor) : Promise.resolve([]),
		canEdit ? scrapBatchChoices(actor) : Promise.resolve(null)
	]);
	return {
		stock,
		unopened,
		parts,
		scrapBatch,
		canEdit,
		canManage: can(actor, 'stock', 'manage'),
		documents: documents.map((d) => ({
			id: d.id,
			number: d.number,
			kind: d.kind,
			status: d.status,
			createdAt: d.createdAt,
			requestId: d.requestId,
			reversesId: d.reversesId,
			period: d.period,
			lines: d.moves.length
		}))
	};
};

const id = z.coerce.number().int().positive();
const documentForm = z.object({
	kind: z.enum(['receipt', 'transfer', 'scrap_return']),
	fromWarehouseId: id.optional().or(z.literal('').transform(() => undefined)),
	toWarehouseId: id.optional().or(z.literal('').transform(() => undefined)),
	productId: id,
	quantity: z.coerce.number().positive(),
	unitCostRials: z
		.string()
		.optional()
		.transform((v, ctx) => {
			if (!v?.trim()) return undefined;
			const parsed = parseRials(v);
			if (parsed === null || parsed < 0n) {
				ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
				return z.NEVER;
			}
			return parsed.toString();
		}),
	serial: z.string().trim().max(100).optional(),
	note: z.string().trim().max(500).optional(),
	postNow: z.string().optional()
});

function formId(locale: Parameters<typeof translate>[0], value: unknown): number {
	const parsed = id.safeParse(value);
	if (!parsed.success)
		error(404, { message: translate(locale, 'error.notFound'), code: 'not_found' });
	return parsed.data;
}

export const actions: Actions = {
	draft: async (event) => {
		const actor = requirePagePermission(event, 'stock', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const input = parseOrThrow(documentForm, raw);
				const from = input.fromWarehouseId
					? await getWarehouse(actor, input.fromWarehouseId)
					: null;
				const to = input.toWarehouseId ? await getWarehouse(actor, input.toWarehouseId) : null;
				const needsFrom = input.kind !== 'receipt';
				const needsTo = input.kind !== 'scrap_return';
				if (needsFrom && !from) throw fieldError('fromWarehouseId', 'validation.required');
				if (needsTo && !to) throw fieldError('toWarehouseId', 'validation.required');
				const branchId = (from ?? to)!.branchId;
				const digits = input.unitCostRials;
				const line = { productId: input.productId, serial: input.serial || undefined };
				const moves = [
					...(needsFrom ? [{ ...line, warehouseId: from!.id, quantity: -input.quantity }] : []),
					...(needsTo
						? [
								{
									...line,
									warehouseId: to!.id,
									quantity: input.quantity,
									...(input.kind === 'receipt' && digits ? { unitCostRials: digits } : {})
								}
							]
						: [])
				];
				const doc = await createDocument(actor, {
					branchId,
					kind: input.kind,
					note: input.note,
					moves
				});
				if (input.postNow) await postDocument(actor, doc.id);
				return {
					done: translate(
						event.locals.locale,
						input.postNow ? 'stock.ui.posted' : 'stock.ui.drafted',
						{ number: doc.number }
					)
				};
			},
			raw
		);
	},
	scrapBatch: async (event) => {
		const actor = requirePagePermission(event, 'stock', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const doc = await returnMonthScrap(actor, {
					warehouseId: raw.scrapWarehouseId,
					month: raw.month,
					...(raw.agencyId ? { agencyId: raw.agencyId } : {}),
					post: raw.postBatch === '1'
				});
				return {
					done: translate(event.locals.locale, 'stock.scrapBatch.done', {
						number: doc.number,
						count: doc.moves.length
					})
				};
			},
			raw
		);
	},
	post: async (event) => {
		const actor = requirePagePermission(event, 'stock', 'edit');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const doc = await postDocument(actor, formId(event.locals.locale, raw.documentId));
			return { done: translate(event.locals.locale, 'stock.ui.posted', { number: doc.number }) };
		});
	},
	reverse: async (event) => {
		const actor = requirePagePermission(event, 'stock', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const doc = await reverseDocument(actor, formId(event.locals.locale, raw.documentId), {});
			return { done: translate(event.locals.locale, 'stock.ui.reversed', { number: doc.number }) };
		});
	},
	open: async (event) => {
		const actor = requirePagePermission(event, 'stock', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			await openBranchWarehouses(actor, raw);
			return { done: translate(event.locals.locale, 'stock.ui.opened') };
		});
	},
	settings: async (event) => {
		const actor = requirePagePermission(event, 'stock', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			await updateWarehouseSettings(actor, formId(event.locals.locale, raw.warehouseId), raw);
			return { done: translate(event.locals.locale, 'common.saved') };
		});
	}
};
