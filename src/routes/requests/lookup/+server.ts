import { z } from 'zod';
import { findProductByCode } from '#lib/server/catalog/products';
import { apiRoute } from '#lib/server/http/api';
import { fieldError } from '#lib/server/service/errors';
import { lookupReception } from '#lib/server/service/reception';
import { RECEIVE_BY } from '#lib/server/service/schemas';
import type { RequestHandler } from './$types';

const query = z.object({
	by: z.enum(RECEIVE_BY),
	key: z.string().max(100),
	productCode: z.string().max(40).optional()
});

/**
 * The reception form's live lookup (GET, so the signed-in page may call it with its cookie):
 * the unit, product, warranty coverage with days left, the owner and the unit's past requests.
 */
export const GET: RequestHandler = apiRoute(
	{ permission: { area: 'requests', level: 'view' }, query },
	async ({ actor, query }) => {
		let productId: number | undefined;
		if (query.productCode?.trim()) {
			const product = await findProductByCode(query.productCode);
			if (!product) throw fieldError('productCode', 'service.error.productNotFound');
			productId = product.id;
		}
		const found = await lookupReception(actor, { by: query.by, key: query.key, productId });
		const { target, owner, pastRequests } = found;
		return {
			product: {
				id: target.product.id,
				code: target.product.code,
				nameFa: target.product.nameFa,
				nameEn: target.product.nameEn,
				serviceable: target.product.serviceable && target.product.active
			},
			unit: target.unit ? { id: target.unit.id, serial: target.unit.serial } : null,
			warranty: target.warranty
				? { serial: target.warranty.serial, endsOn: target.warranty.endsOn?.toISOString() ?? null }
				: null,
			coverage: target.coverage,
			daysLeft: target.daysLeft,
			owner: owner ? { id: owner.id, name: owner.name, mobile: owner.mobile } : null,
			pastRequests: pastRequests.map((r) => ({
				id: r.id,
				formNumber: r.formNumber,
				status: r.status,
				coverage: r.coverage,
				complaint: r.complaint,
				createdAt: r.createdAt.toISOString()
			}))
		};
	}
);
