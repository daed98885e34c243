/**
 * Choices of the filter panels (branches, counters, agencies, technicians, priorities, service
 * types) inside the actor's scope; the same lists name the ids shown in results and exports.
 */
import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/access';
import { notSystemUser } from '../auth/system-users';
import { getDb } from '../db';
import {
	agencies,
	branches,
	counters,
	priorities,
	roles,
	serviceOrders,
	serviceTypes,
	userRoles,
	users
} from '../db/schema';

export interface Choice {
	id: number;
	nameFa: string;
	nameEn: string;
}

export interface SearchChoices {
	branches: Choice[];
	counters: (Choice & { branchId: number })[];
	agencies: Choice[];
	technicians: Choice[];
	priorities: Choice[];
	serviceTypes: Choice[];
}

/** Every choice the actor may filter by. */
export async function loadSearchChoices(actor: Pick<Actor, 'user'>): Promise<SearchChoices> {
	const db = await getDb();
	const branchId = actor.user.branchId;
	const agencyId = actor.user.agencyId;
	const inBranch = (column: Parameters<typeof eq>[0]): SQL | undefined =>
		branchId === null ? undefined : eq(column, branchId);
	const [branchRows, counterRows, agencyRows, priorityRows, typeRows] = await Promise.all([
		db
			.select({ id: branches.id, nameFa: branches.nameFa, nameEn: branches.nameEn })
			.from(branches)
			.where(inBranch(branches.id))
			.orderBy(asc(branches.code)),
		db
			.select({
				id: counters.id,
				name: counters.name,
				code: counters.code,
				branchId: counters.branchId
			})
			.from(counters)
			.where(inBranch(counters.branchId))
			.orderBy(asc(counters.branchId), asc(counters.code)),
		db
			.select({ id: agencies.id, name: agencies.name })
			.from(agencies)
			.where(
				and(inBranch(agencies.branchId), agencyId === null ? undefined : eq(agencies.id, agencyId))
			)
			.orderBy(asc(agencies.code)),
		db
			.select({ id: priorities.id, nameFa: priorities.nameFa, nameEn: priorities.nameEn })
			.from(priorities)
			.orderBy(asc(priorities.sortOrder), asc(priorities.id)),
		db
			.select({ id: serviceTypes.id, nameFa: serviceTypes.nameFa, nameEn: serviceTypes.nameEn })
			.from(serviceTypes)
			.orderBy(asc(serviceTypes.sortOrder), asc(serviceTypes.id))
	]);
	// Technicians: holders of the technician role, and anyone who was ever given an order.
	const technicianIds = db
		.select({ id: userRoles.userId })
		.from(userRoles)
		.innerJoin(roles, eq(roles.id, userRoles.roleId))
		.where(eq(roles.key, 'technician'));
	const orderTechnicians = db
		.selectDistinct({ id: serviceOrders.technicianId })
		.from(serviceOrders);
	const technicianRows = await db
		.select({ id: users.id, name: users.displayName })
		.from(users)
		.where(
			and(
				or(inArray(users.id, technicianIds), inArray(users.id, orderTechnicians)),
				inBranch(users.branchId),
				notSystemUser()
			)
		)
		.orderBy(asc(users.displayName));
	const named = (rows: { id: number; name: string }[]) =>
		rows.map((r) => ({ id: r.id, nameFa: r.name, nameEn: r.name }));
	return {
		branches: branchRows,
		counters: counterRows.map((c) => ({
			id: c.id,
			nameFa: c.name,
			nameEn: c.name,
			branchId: c.branchId
		})),
		agencies: named(agencyRows),
		technicians: named(technicianRows),
		priorities: priorityRows,
		serviceTypes: typeRows
	};
}
