import { redirect } from '@sveltejs/kit';
import { findProductByCode } from '#lib/server/catalog/products';
import { requirePagePermission } from '#lib/server/auth/guard';
import { CHANNELS } from '#lib/server/db/schema';
import { formToObject, runAction } from '#lib/server/http/forms';
import { listBranchOptions } from '#lib/server/org/branches';
import { counterListQuery, listCounters } from '#lib/server/org/counters';
import { fieldError } from '#lib/server/service/errors';
import {
	addAttachment,
	detectAttachmentType,
	MAX_ATTACHMENT_BYTES
} from '#lib/server/service/attachments';
import { receiveRequest } from '#lib/server/service/reception';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'edit');
	const isAgent = actor.user.agencyId !== null;
	const [branches, counters] = await Promise.all([
		listBranchOptions(actor.user.branchId),
		isAgent
			? null
			: listCounters(actor.user.branchId, counterListQuery.parse({ active: 'true', limit: '200' }))
	]);
	return {
		branches,
		counters: (counters?.items ?? []).map((c) => ({
			id: c.id,
			code: c.code,
			name: c.name,
			branchId: c.branchId
		})),
		channels: CHANNELS,
		isAgent,
		/** Users bound to one branch receive there; everyone else picks the branch. */
		fixedBranchId: actor.user.branchId,
		initial: {
			by: event.url.searchParams.get('by') ?? '',
			key: event.url.searchParams.get('key') ?? ''
		}
	};
};

type Raw = Record<string, unknown>;
const text = (raw: Raw, key: string) => (typeof raw[key] === 'string' ? raw[key] : '');

/** The reception form as the reception service reads it: the product code becomes its id. */
async function receptionInput(raw: Raw): Promise<Record<string, unknown>> {
	const by = text(raw, 'by');
	let productId: number | undefined;
	if (by === 'product_serial' && text(raw, 'productCode').trim()) {
		const product = await findProductByCode(text(raw, 'productCode'));
		if (!product) throw fieldError('productCode', 'service.error.productNotFound');
		productId = product.id;
	}
	const useOwner = text(raw, 'customerMode') === 'owner' && text(raw, 'ownerId') !== '';
	return {
		by,
		key: text(raw, 'key'),
		productId,
		branchId: text(raw, 'branchId'),
		counterId: text(raw, 'counterId'),
		channel: text(raw, 'channel'),
		...(useOwner
			? { customerId: text(raw, 'ownerId') }
			: { customerMobile: text(raw, 'customerMobile'), customerName: text(raw, 'customerName') }),
		delivererName: text(raw, 'delivererName'),
		complaint: text(raw, 'complaint'),
		accessories: text(raw, 'accessories'),
		condition: text(raw, 'condition'),
		expectedAt: text(raw, 'expectedAt'),
		needsSorting: raw.needsSorting === 'on',
		submit: text(raw, 'intent') !== 'draft'
	};
}

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePagePermission(event, 'requests', 'edit');
		const form = await event.request.formData();
		const raw = formToObject(form);
		const files = form
			.getAll('attachments')
			.filter((f): f is File => f instanceof File && f.size > 0);
		return runAction(
			event.locals.locale,
			async () => {
				// Files are checked before the request exists, so a wrong file never leaves a
				// request behind that the user then receives a second time.
				const uploads = await Promise.all(
					files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))
				);
				for (const upload of uploads) {
					if (upload.bytes.byteLength > MAX_ATTACHMENT_BYTES)
						throw fieldError('attachments', 'service.error.attachmentTooLarge', { max: 10 });
					if (!detectAttachmentType(upload.bytes))
						throw fieldError('attachments', 'service.error.attachmentType');
				}
				const request = await receiveRequest(actor, await receptionInput(raw));
				for (const upload of uploads) await addAttachment(actor, request.id, upload);
				redirect(303, `/requests/${request.id}/slip`);
			},
			raw
		);
	}
};
