import { requireActor } from '#lib/server/auth/guard';
import { loadOrFail } from '#lib/server/catalog/pages';
import { listAgencyInvoices, listAgencyScrap } from '#lib/server/portal/portal';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const month = event.url.searchParams.get('month') ?? '';
	const [scrap, invoices] = await loadOrFail(event.locals.locale, () =>
		Promise.all([listAgencyScrap(actor, { month }), listAgencyInvoices(actor, { month })])
	);
	return { scrap, invoices };
};
