import { json } from '@sveltejs/kit';
import { readImportBody, unitImportFailure } from '#lib/server/catalog/unit-import-api';
import { importUnits } from '#lib/server/catalog/units';
import { apiRoute } from '#lib/server/http/api';

// The body is the CSV itself (text/csv) or JSON `{ "csv": "…" }`; small files only, answered at once.
export const POST = apiRoute(
	{ permission: { area: 'catalog', level: 'edit' } },
	async ({ event, actor, locale }) => {
		const result = await importUnits(await readImportBody(event.request), actor.user.id);
		if (!result.ok) throw unitImportFailure(result, locale);
		return json(
			{ created: result.created, customersCreated: result.customersCreated },
			{ status: 201 }
		);
	}
);
