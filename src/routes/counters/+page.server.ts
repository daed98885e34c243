import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { scopeOptions } from '#lib/server/boards/scope';
import { actionActor, loadOrFail } from '#lib/server/catalog/pages';
import { pathId } from '#lib/server/catalog/inputs';
import { formToObject, runAction } from '#lib/server/http/forms';
import { actOnTicket, callNext, getQueueView, issueTicket } from '#lib/server/queue/tickets';
import type { Actions, PageServerLoad } from './$types';

const positive = (v: string | null) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
const field = (raw: Record<string, unknown>, key: string) =>
	typeof raw[key] === 'string' ? raw[key] : '';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	const locale = event.locals.locale;
	if (actor.user.agencyId)
		error(403, { message: translate(locale, 'error.forbidden'), code: 'forbidden' });
	const branches = await scopeOptions(actor);
	const branchId =
		actor.user.branchId ?? positive(event.url.searchParams.get('branch')) ?? branches[0]?.id;
	if (branchId === undefined) return { branches: [], queue: null, counterId: null, canAct: false };
	const queue = await loadOrFail(locale, () => getQueueView(actor, branchId));
	const wanted = positive(event.url.searchParams.get('counter'));
	const counterId = queue.counters.some((c) => c.id === wanted)
		? wanted!
		: (queue.counters[0]?.id ?? null);
	return {
		branches: branches.map((b) => ({ id: b.id, nameFa: b.nameFa, nameEn: b.nameEn })),
		fixedBranch: actor.user.branchId !== null,
		queue,
		counterId,
		canAct: can(actor, 'requests', 'edit'),
		canManageKiosks: can(actor, 'boards', 'manage')
	};
};

export const actions: Actions = {
	issue: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const actor = actionActor(event, 'requests', 'edit');
			const ticket = await issueTicket(actor, raw);
			return { issued: ticket.code };
		});
	},
	next: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const actor = actionActor(event, 'requests', 'edit');
			const ticket = await callNext(actor, pathId(field(raw, 'counterId')), {
				purposes: raw.purposes
			});
			return { called: ticket?.code ?? null, empty: ticket === null };
		});
	},
	act: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			const actor = actionActor(event, 'requests', 'edit');
			const ticket = await actOnTicket(actor, pathId(field(raw, 'ticketId')), {
				action: raw.action
			});
			return { acted: ticket.code };
		});
	}
};
