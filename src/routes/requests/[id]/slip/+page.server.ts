import QRCode from 'qrcode';
import { requirePagePermission } from '#lib/server/auth/guard';
import { getRequestDetail } from '#lib/server/service/queries';
import { trackingPath } from '#lib/server/tracking/tracking';
import { loadOrFail, pathId } from '../../page-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	const id = pathId(event.locals.locale, event.params.id);
	const detail = await loadOrFail(event.locals.locale, () => getRequestDetail(actor, id));
	const { request } = detail;
	// The customer's own tracking page (no account; personal details behind an SMS code).
	const link = `${event.url.origin}${trackingPath(request.trackingToken)}`;
	const qrSvg = await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return {
		link,
		qrSvg,
		slip: {
			id: request.id,
			formNumber: request.formNumber,
			status: request.status,
			createdAt: request.createdAt,
			channel: request.channel,
			delivererName: request.delivererName,
			complaint: request.complaint,
			accessories: request.accessories,
			condition: request.condition,
			expectedAt: request.expectedAt,
			coverage: request.coverage,
			warrantyEndsAt: request.warrantyEndsAt,
			branch: detail.branch,
			counter: detail.counter,
			agency: detail.agency,
			list: detail.list ? { id: detail.list.id, listNumber: detail.list.listNumber } : null,
			customer: detail.customer,
			product: {
				code: detail.product.code,
				nameFa: detail.product.nameFa,
				nameEn: detail.product.nameEn
			},
			unit: detail.unit,
			warranty: detail.warranty ? { serial: detail.warranty.serial } : null,
			receivedBy: detail.createdByName
		}
	};
};
