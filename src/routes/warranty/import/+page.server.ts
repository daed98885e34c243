import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { jobToJson } from '#lib/server/jobs/view';
import { runAction } from '#lib/server/http/forms';
import {
	cancelWarrantyImport,
	commitWarrantyImport,
	getWarrantyImport,
	listRecentImports,
	startWarrantyImport
} from '#lib/server/warranty/import';
import { storeRequestUpload } from '#lib/server/warranty/upload';
import type { Actions, PageServerLoad } from './$types';

/** The batch named in a form or URL, if the actor may see it (its uploader, or an administrator). */
async function visibleImport(event: Pick<RequestEvent, 'locals' | 'url'>, id: number) {
	const actor = requirePagePermission(event, 'warranty', 'view');
	const found =
		Number.isInteger(id) && id > 0 ? await getWarrantyImport(id).catch(() => null) : null;
	if (!found || (found.batch.createdBy !== actor.user.id && !can(actor, 'admin', 'manage'))) {
		error(404, { message: translate(event.locals.locale, 'error.notFound'), code: 'not_found' });
	}
	return found;
}

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'warranty', 'view');
	const recent = await listRecentImports(can(actor, 'admin', 'manage') ? null : actor.user.id, 10);
	const param = event.url.searchParams.get('import');
	if (!param) return { current: null, recent };
	const { batch, job } = await visibleImport(event, Number(param));
	return {
		current: {
			id: batch.id,
			fileName: batch.fileName,
			status: batch.status,
			importedAt: batch.importedAt,
			mode: job?.payload.mode === 'commit' ? ('commit' as const) : ('preview' as const),
			job: job ? jobToJson(job, event.locals.locale) : null
		},
		recent
	};
};

export const actions: Actions = {
	upload: async (event) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		// The file streams from the request to disk; it is never read into memory whole.
		const result = await runAction(event.locals.locale, async () => {
			const { upload } = await storeRequestUpload(event.request);
			return startWarrantyImport(upload, 'preview', actor.user.id);
		});
		if ('importId' in result) redirect(303, `/warranty/import?import=${result.importId}`);
		return result;
	},
	commit: async (event) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		const id = Number((await event.request.formData()).get('importId'));
		await visibleImport(event, id);
		const result = await runAction(event.locals.locale, () =>
			commitWarrantyImport(id, actor.user.id)
		);
		if ('jobId' in result) redirect(303, `/warranty/import?import=${id}`);
		return result;
	},
	cancel: async (event) => {
		const actor = requirePagePermission(event, 'warranty', 'edit');
		const id = Number((await event.request.formData()).get('importId'));
		await visibleImport(event, id);
		await cancelWarrantyImport(id, actor.user.id);
		redirect(303, `/warranty/import?import=${id}`);
	}
};
