import { asc } from 'drizzle-orm';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { pathId } from '#lib/server/catalog/inputs';
import { getDb } from '#lib/server/db';
import { agencies, branches, productCategories, userGroups } from '#lib/server/db/schema';
import { createFollowRule, deleteFollowRule, listFollowRules } from '#lib/server/follow/follow';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'admin', 'view');
	const db = await getDb();
	const [groups, branchRows, agencyRows, categories] = await Promise.all([
		db
			.select({ id: userGroups.id, name: userGroups.name })
			.from(userGroups)
			.orderBy(asc(userGroups.name)),
		db
			.select({ id: branches.id, fa: branches.nameFa, en: branches.nameEn })
			.from(branches)
			.orderBy(asc(branches.code)),
		db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name)),
		db
			.select({
				id: productCategories.id,
				fa: productCategories.nameFa,
				en: productCategories.nameEn
			})
			.from(productCategories)
			.orderBy(asc(productCategories.code))
	]);
	return {
		rules: await listFollowRules(actor),
		groups,
		branches: branchRows,
		agencies: agencyRows,
		categories,
		canManage: can(actor, 'admin', 'manage')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await createFollowRule(actor, raw);
				return { saved: true };
			},
			raw
		);
	},
	delete: async (event) => {
		const actor = requirePagePermission(event, 'admin', 'manage');
		const raw = formToObject(await event.request.formData());
		return runAction(event.locals.locale, async () => {
			await deleteFollowRule(actor, pathId(typeof raw.ruleId === 'string' ? raw.ruleId : ''));
			return { deleted: true };
		});
	}
};
