import { toJalali } from '#lib/domain/jalali';
import { parseJalaliMonth } from '#lib/domain/payroll';
import { normalizeDigits } from '#lib/domain/text';
import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import {
	computePayrollMonth,
	currentRule,
	getPayrollMonth,
	listPayrollMonths,
	lockPayrollMonth,
	savePayrollRule
} from '#lib/server/hr/payroll';
import { getDb } from '#lib/server/db';
import { AppError } from '#lib/server/http/errors';
import { fieldError } from '#lib/server/service/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** A typed month (`1405-08`, `۱۴۰۵/۰۸`), else last Jalali month. */
function monthOf(text: string | null | undefined): string {
	const typed = normalizeDigits(text ?? '')
		.trim()
		.replace('/', '-');
	if (parseJalaliMonth(typed)) return typed;
	const today = toJalali(new Date());
	const prev = today.jm === 1 ? { jy: today.jy - 1, jm: 12 } : { jy: today.jy, jm: today.jm - 1 };
	return `${prev.jy}-${String(prev.jm).padStart(2, '0')}`;
}

/** The month a form posts; an action never falls back to a default month it was not asked about. */
function postedMonth(form: FormData): string {
	const typed = normalizeDigits(String(form.get('month') ?? ''))
		.trim()
		.replace('/', '-');
	if (!parseJalaliMonth(typed)) throw fieldError('month', 'validation.invalid');
	return typed;
}

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'reports', 'view');
	const month = monthOf(event.url.searchParams.get('month'));
	const [months, data, rule] = await Promise.all([
		listPayrollMonths(actor),
		getPayrollMonth(actor, month).catch((e: unknown) => {
			if (e instanceof AppError && e.status === 404) return null;
			throw e;
		}),
		currentRule(await getDb())
	]);
	return {
		month,
		months,
		data,
		rule: {
			targetScore: rule.targetScore,
			bonusPerPointRials: rule.bonusPerPointRials,
			deductionPerPointRials: rule.deductionPerPointRials,
			slaWeightBp: rule.slaWeightBp
		},
		canCompute: can(actor, 'reports', 'edit'),
		canLock: can(actor, 'reports', 'manage')
	};
};

export const actions: Actions = {
	compute: async (event) => {
		const actor = requirePagePermission(event, 'reports', 'edit');
		const form = await event.request.formData();
		return runAction(event.locals.locale, async () => {
			await computePayrollMonth(actor, postedMonth(form));
			return { done: translate(event.locals.locale, 'payroll.computed') };
		});
	},
	lock: async (event) => {
		const actor = requirePagePermission(event, 'reports', 'manage');
		const form = await event.request.formData();
		return runAction(event.locals.locale, async () => {
			await lockPayrollMonth(actor, postedMonth(form));
			return { done: translate(event.locals.locale, 'payroll.locked') };
		});
	},
	rule: async (event) => {
		const actor = requirePagePermission(event, 'reports', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await savePayrollRule(actor, raw);
				return { done: translate(event.locals.locale, 'payroll.ruleSaved') };
			},
			raw
		);
	}
};
