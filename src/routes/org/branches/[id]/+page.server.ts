import { translate, type MessageKey } from '#lib/i18n';
import { fromWeeklySchedule, parseIntervals } from '#lib/domain/hours-input';
import { jalaliYearOf } from '#lib/domain/jalali';
import { normalizeDigits } from '#lib/domain/text';
import type { MinuteInterval } from '#lib/domain/working-time';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { pathId } from '#lib/server/catalog/inputs';
import { actionActor, checked, formText, loadOrFail } from '#lib/server/catalog/pages';
import {
	agencyCreateSchema,
	agencyUpdateSchema,
	createAgency,
	listAgencies,
	updateAgency
} from '#lib/server/org/agencies';
import {
	addHoliday,
	branchUpdateSchema,
	getBranch,
	holidaySchema,
	listHolidays,
	removeHoliday,
	updateBranch
} from '#lib/server/org/branches';
import {
	counterCreateSchema,
	counterUpdateSchema,
	createCounter,
	listCounters,
	updateCounter
} from '#lib/server/org/counters';
import { AppError, parseOrThrow, type FieldErrors } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'catalog', 'view');
	const scope = actor.user.branchId;
	const locale = event.locals.locale;
	const branch = await loadOrFail(locale, () => getBranch(scope, pathId(event.params.id)));
	const thisYear = jalaliYearOf(new Date());
	const asked = Number(normalizeDigits(event.url.searchParams.get('year') ?? ''));
	const year = Number.isInteger(asked) && asked >= 1300 && asked <= 1600 ? asked : thisYear;
	const [holidays, counters, agencies] = await Promise.all([
		listHolidays(scope, { branch: branch.id, year }),
		listCounters(scope, { branch: branch.id, limit: 200 }),
		listAgencies(scope, { branch: branch.id, limit: 200 })
	]);
	return {
		branch,
		year,
		years: [thisYear - 1, thisYear, thisYear + 1, thisYear + 2],
		holidays,
		counters: counters.items,
		agencies: agencies.items,
		canEdit: can(actor, 'admin', 'manage'),
		canEditNationwide: can(actor, 'admin', 'manage') && scope === null
	};
};

/** Runs one edit of this page as admin/manage; the form's name comes back so the right form shows errors. */
async function edit(
	event: RequestEvent,
	formName: string,
	body: (
		raw: Record<string, unknown>,
		scope: number | null,
		actorId: number,
		branchId: number
	) => Promise<MessageKey | void>
) {
	const raw = formToObject(await event.request.formData());
	return runAction(
		event.locals.locale,
		async () => {
			const actor = actionActor(event, 'admin', 'manage');
			const key = await body(raw, actor.user.branchId, actor.user.id, pathId(event.params.id));
			return { form: formName, message: translate(event.locals.locale, key ?? 'common.saved') };
		},
		{ ...raw, form: formName }
	);
}

export const actions: Actions = {
	update: (event) =>
		edit(event, 'details', async (raw, scope, actorId, id) => {
			await updateBranch(
				scope,
				id,
				parseOrThrow(branchUpdateSchema, { ...raw, active: checked(raw, 'active') }),
				actorId
			);
		}),
	hours: (event) =>
		edit(event, 'hours', async (raw, scope, actorId, id) => {
			const week: MinuteInterval[][] = [];
			const fields: FieldErrors = {};
			for (let day = 0; day < 7; day++) {
				const parsed = parseIntervals(formText(raw, `hours_${day}`));
				if (parsed.ok) week.push(parsed.value);
				else fields[`hours_${day}`] = { key: 'org.validation.hours' };
			}
			if (Object.keys(fields).length)
				throw new AppError(422, 'validation_failed', 'error.validation', undefined, fields);
			await updateBranch(scope, id, { weeklyHours: fromWeeklySchedule(week) }, actorId);
		}),
	addHoliday: (event) =>
		edit(event, 'holiday', async (raw, scope, actorId, id) => {
			const input = parseOrThrow(holidaySchema, {
				date: raw.date ?? '',
				title: raw.title ?? '',
				branchId: raw.scope === 'all' ? null : id
			});
			await addHoliday(scope, input, actorId);
		}),
	removeHoliday: (event) =>
		edit(event, 'holidays', async (raw, scope, actorId) => {
			await removeHoliday(scope, pathId(String(raw.holidayId)), actorId);
			return 'org.holidays.removed';
		}),
	addCounter: (event) =>
		edit(event, 'counter', async (raw, scope, actorId, id) => {
			await createCounter(
				scope,
				parseOrThrow(counterCreateSchema, { code: raw.code, name: raw.name, branchId: id }),
				actorId
			);
		}),
	updateCounter: (event) =>
		edit(event, 'counters', async (raw, scope, actorId) => {
			const counterId = pathId(String(raw.counterId));
			const patch = raw.toggle
				? { active: raw.toggle === 'on' }
				: parseOrThrow(counterUpdateSchema, { code: raw.code, name: raw.name });
			await updateCounter(scope, counterId, patch, actorId);
		}),
	addAgency: (event) =>
		edit(event, 'agency', async (raw, scope, actorId, id) => {
			await createAgency(
				scope,
				parseOrThrow(agencyCreateSchema, {
					code: raw.code,
					name: raw.name,
					city: raw.city ?? '',
					mobile: raw.mobile ?? '',
					branchId: id
				}),
				actorId
			);
		}),
	updateAgency: (event) =>
		edit(event, 'agencies', async (raw, scope, actorId) => {
			const agencyId = pathId(String(raw.agencyId));
			const patch = raw.toggle
				? { active: raw.toggle === 'on' }
				: parseOrThrow(agencyUpdateSchema, {
						code: raw.code,
						name: raw.name,
						city: raw.city ?? '',
						mobile: raw.mobile ?? ''
					});
			await updateAgency(scope, agencyId, patch, actorId);
		})
};
