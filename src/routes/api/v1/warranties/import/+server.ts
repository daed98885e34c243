import { json } from '@sveltejs/kit';
import { apiRoute } from '#lib/server/http/api';
import { startWarrantyImport } from '#lib/server/warranty/import';
import { importQuerySchema } from '#lib/server/warranty/schemas';
import { storeRequestUpload } from '#lib/server/warranty/upload';

// The file is streamed to disk here; checking and importing happen in a background job whose
// progress and per-row report are at /api/v1/jobs/{jobId}.
export const POST = apiRoute(
	{ permission: { area: 'warranty', level: 'edit' }, query: importQuerySchema },
	async ({ event, query, actor }) => {
		const { upload } = await storeRequestUpload(event.request, query.filename);
		const started = await startWarrantyImport(upload, query.mode, actor.user.id);
		return json(
			{ ...started, mode: query.mode, statusUrl: `/api/v1/jobs/${started.jobId}` },
			{ status: 202 }
		);
	}
);
