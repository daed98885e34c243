import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { requirePermission, type Actor, type Grants } from '#lib/server/auth/access';
import { getDb, type Executor } from '#lib/server/db';
import { roles, userRoles, type Role } from '#lib/server/db/schema';
import { recordChange } from '#lib/server/events/record';
import { AppError, isUniqueViolation, notFound, type FieldErrors } from '#lib/server/http/errors';
import { diffGrants, loadGrantSets, replaceGrants } from './grants';
import type { RoleCreateInput, RoleUpdateInput } from './schemas';

export interface RoleView {
	id: number;
	key: string;
	nameFa: string;
	nameEn: string;
	builtIn: boolean;
	memberCount: number;
	grants: Grants;
}

async function toViews(tx: Executor, rows: Role[]): Promise<RoleView[]> {
	const ids = rows.map((r) => r.id);
	const grantSets = await loadGrantSets(tx, 'roleId', ids);
	const counts = ids.length
		? await tx
				.select({ roleId: userRoles.roleId, n: sql<number>`count(*)::int` })
				.from(userRoles)
				.where(inArray(userRoles.roleId, ids))
				.groupBy(userRoles.roleId)
		: [];
	const countOf = new Map(counts.map((c) => [c.roleId, c.n]));
	return rows.map((r) => ({
		id: r.id,
		key: r.key,
		nameFa: r.nameFa,
		nameEn: r.nameEn,
		builtIn: r.builtIn,
		memberCount: countOf.get(r.id) ?? 0,
		grants: grantSets.get(r.id) ?? {}
	}));
}

async function findRole(tx: Executor, id: number, lock = false): Promise<Role> {
	const query = tx.select().from(roles).where(eq(roles.id, id));
	const [role] = lock ? await query.for('update') : await query;
	if (!role) throw notFound();
	return role;
}

/** 409 when another role already uses the key or one of the names (case-insensitive). */
async function assertUnique(
	tx: Executor,
	values: { key?: string; nameFa?: string; nameEn?: string },
	exceptId?: number
): Promise<void> {
	const checks = [
		values.key ? eq(roles.key, values.key) : undefined,
		values.nameFa ? sql`lower(${roles.nameFa}) = lower(${values.nameFa})` : undefined,
		values.nameEn ? sql`lower(${roles.nameEn}) = lower(${values.nameEn})` : undefined
	].filter(Boolean);
	if (!checks.length) return;
	const clashes = await tx
		.select()
		.from(roles)
		.where(and(or(...checks), exceptId ? ne(roles.id, exceptId) : undefined));
	const fields: FieldErrors = {};
	for (const other of clashes) {
		if (values.key && other.key === values.key) fields.key = { key: 'error.nameTaken' };
		if (values.nameFa && other.nameFa.toLowerCase() === values.nameFa.toLowerCase())
			fields.nameFa = { key: 'error.nameTaken' };
		if (values.nameEn && other.nameEn.toLowerCase() === values.nameEn.toLowerCase())
			fields.nameEn = { key: 'error.nameTaken' };
	}
	if (Object.keys(fields).length) throw nameTakenError(fields);
}

function nameTakenError(fields: FieldErrors = {}): AppError {
	return new AppError(409, 'name_taken', 'error.nameTaken', undefined, fields);
}

/** Every role (built-in first) with its grant matrix and how many users hold it. */
export async function listRoles(actor: Actor): Promise<RoleView[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const rows = await db
		.select()
		.from(roles)
		.orderBy(sql`${roles.builtIn} desc`, asc(roles.id));
	return toViews(db, rows);
}

/** One role with its grant matrix. */
export async function getRole(actor: Actor, id: number): Promise<RoleView> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const [view] = await toViews(db, [await findRole(db, id)]);
	return view;
}

/** Creates a custom role with its grant matrix. */
export async function createRole(actor: Actor, input: RoleCreateInput): Promise<RoleView> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			await assertUnique(tx, input);
			const [role] = await tx
				.insert(roles)
				.values({ key: input.key, nameFa: input.nameFa, nameEn: input.nameEn, builtIn: false })
				.returning();
			await replaceGrants(tx, { roleId: role.id }, input.grants);
			await recordChange(tx, {
				type: 'role.created',
				entityType: 'role',
				entityId: role.id,
				action: 'created',
				actorId: actor.user.id,
				changes: { key: role.key, nameFa: role.nameFa, nameEn: role.nameEn, grants: input.grants },
				payload: { key: role.key }
			});
			const [view] = await toViews(tx, [role]);
			return view;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw nameTakenError({ key: { key: 'error.nameTaken' } });
		throw error;
	}
}

/**
 * Renames a role and/or replaces its grant matrix; every holder's access changes at once. The
 * admin role keeps full access, or nobody could administer the system any more.
 */
export async function updateRole(
	actor: Actor,
	id: number,
	input: RoleUpdateInput
): Promise<RoleView> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	return db.transaction(async (tx) => {
		const before = await findRole(tx, id, true);
		const [current] = await toViews(tx, [before]);
		await assertUnique(tx, { nameFa: input.nameFa, nameEn: input.nameEn }, id);
		const changes: Record<string, unknown> = {};
		if (input.nameFa !== undefined && input.nameFa !== before.nameFa)
			changes.nameFa = { from: before.nameFa, to: input.nameFa };
		if (input.nameEn !== undefined && input.nameEn !== before.nameEn)
			changes.nameEn = { from: before.nameEn, to: input.nameEn };
		const grantChanges = input.grants ? diffGrants(current.grants, input.grants) : {};
		if (Object.keys(grantChanges).length) {
			if (before.builtIn && before.key === 'admin') {
				throw new AppError(409, 'admin_role_fixed', 'admin.roles.adminFixed', undefined, {
					grants: { key: 'admin.roles.adminFixed' }
				});
			}
			changes.grants = grantChanges;
		}
		if (!Object.keys(changes).length) return current;
		const [role] = await tx
			.update(roles)
			.set({ nameFa: input.nameFa ?? before.nameFa, nameEn: input.nameEn ?? before.nameEn })
			.where(eq(roles.id, id))
			.returning();
		if (changes.grants) await replaceGrants(tx, { roleId: id }, input.grants!);
		await recordChange(tx, {
			type: 'role.updated',
			entityType: 'role',
			entityId: id,
			action: 'updated',
			actorId: actor.user.id,
			changes,
			payload: { key: role.key, fields: Object.keys(changes) }
		});
		const [view] = await toViews(tx, [role]);
		return view;
	});
}

/** Deletes a custom role (its holders simply lose it); built-in roles are refused. */
export async function deleteRole(actor: Actor, id: number): Promise<void> {
	requirePermission(actor, 'admin', 'manage');
	const db = await getDb();
	await db.transaction(async (tx) => {
		const role = await findRole(tx, id, true);
		if (role.builtIn) throw new AppError(409, 'built_in_role', 'error.builtInRole');
		const [view] = await toViews(tx, [role]);
		await tx.delete(roles).where(eq(roles.id, id));
		await recordChange(tx, {
			type: 'role.deleted',
			entityType: 'role',
			entityId: id,
			action: 'deleted',
			actorId: actor.user.id,
			changes: {
				key: role.key,
				nameFa: role.nameFa,
				nameEn: role.nameEn,
				memberCount: view.memberCount
			},
			payload: { key: role.key }
		});
	});
}
