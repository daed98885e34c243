import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGroup, deleteGroup, updateGroup } from '#lib/server/admin/groups';
import { createRole, deleteRole, listRoles, updateRole } from '#lib/server/admin/roles';
import {
	groupCreateSchema,
	roleCreateSchema,
	userCreateSchema,
	userUpdateSchema
} from '#lib/server/admin/schemas';
import {
	createUser,
	deactivateUser,
	getUser,
	listUsers,
	reactivateUser,
	resetPassword,
	updateUser
} from '#lib/server/admin/users';
import { loadGrants, type Actor } from '#lib/server/auth/access';
import { createAdministrator } from '#lib/server/auth/bootstrap';
import { attemptLogin } from '#lib/server/auth/login';
import { createSession, validateSessionToken } from '#lib/server/auth/sessions';
import { getDb, schema } from '#lib/server/db';
import { parseOrThrow } from '#lib/server/http/errors';

let admin: Actor;
let roleIds: Record<string, number>;

async function actorFor(userId: number): Promise<Actor> {
	const db = await getDb();
	const [user] = await db.select().from(schema.users).where(eq(schema.users.id, userId));
	return { user, grants: await loadGrants(userId), sessionId: 'test-session', via: 'cookie' };
}

/** Input as the API would receive it, through the same schema. */
function newUser(fields: Record<string, unknown>) {
	return parseOrThrow(userCreateSchema, { password: 'a-long-enough-password', ...fields });
}

beforeAll(async () => {
	const root = await createAdministrator({
		username: 'root',
		displayName: 'مدیر',
		password: 'root-password-long'
	});
	admin = await actorFor(root.id);
	const db = await getDb();
	const rows = await db.select({ id: schema.roles.id, key: schema.roles.key }).from(schema.roles);
	roleIds = Object.fromEntries(rows.map((r) => [r.key, r.id]));
});

describe('users', () => {
	it('creates a user whose effective access includes a group grant', async () => {
		const group = await createGroup(
			admin,
			parseOrThrow(groupCreateSchema, { name: 'انبار مرکزی', grants: { stock: 'manage' } })
		);
		const user = await createUser(
			admin,
			newUser({
				username: 'Tech۱',
				displayName: 'علي كريمي',
				mobile: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
				roleIds: [roleIds.technician],
				groupIds: [group.id],
				grants: { reports: 'view' }
			})
		);
		expect(user.username).toBe('tech1');
		expect(user.displayName).toBe('علی کریمی');
		expect(user.mobile).toBe('+989123456789');
		expect(user.roles.map((r) => r.key)).toEqual(['technician']);
		expect(user.groups).toEqual([{ id: group.id, name: 'انبار مرکزی' }]);

		const grants = await loadGrants(user.id);
		expect(grants.stock).toBe('manage'); // from the group
		expect(grants.worklogs).toBe('edit'); // from the role
		expect(grants.reports).toBe('view'); // direct
		expect(grants.admin).toBeUndefined();

		// Changing the group's grants changes every member's access at once.
		await updateGroup(admin, group.id, { grants: { stock: 'view', invoices: 'edit' } });
		expect(await loadGrants(user.id)).toMatchObject({ stock: 'view', invoices: 'edit' });

		const page = await listUsers(admin, { q: 'كريمي' });
		expect(page.items.map((u) => u.username)).toEqual(['tech1']);
	});

	it('refuses a duplicate username however it is typed', async () => {
		await expect(
			createUser(admin, newUser({ username: 'TECH1', displayName: 'دیگری' }))
		).rejects.toMatchObject({
			status: 409,
			code: 'username_taken',
			fields: { username: { key: 'error.usernameTaken' } }
		});
	});

	it('requires an agency for an agent', async () => {
		await expect(
			createUser(
				admin,
				newUser({ username: 'agent1', displayName: 'نماینده', roleIds: [roleIds.agent] })
			)
		).rejects.toMatchObject({
			status: 422,
			fields: { agencyId: { key: 'admin.users.agencyRequired' } }
		});
	});

	it('refuses an edit made from an old version, naming who saved last', async () => {
		const created = await createUser(
			admin,
			newUser({ username: 'clerk', displayName: 'کارمند پذیرش' })
		);
		const saved = await updateUser(admin, created.id, {
			version: created.version,
			displayName: 'کارمند اول'
		});
		expect(saved.version).toBe(created.version + 1);

		const late = updateUser(admin, created.id, {
			version: created.version,
			displayName: 'کارمند دوم'
		});
		await expect(late).rejects.toMatchObject({
			status: 409,
			code: 'stale',
			params: { actor: 'مدیر' }
		});
		expect((await getUser(admin, created.id)).displayName).toBe('کارمند اول');
	});

	it('ends every session of a deactivated user and lets them back in after reactivation', async () => {
		const user = await createUser(admin, newUser({ username: 'leaver', displayName: 'رفتنی' }));
		const web = await createSession(user.id, 'web');
		const api = await createSession(user.id, 'api');

		const off = await deactivateUser(admin, user.id);
		expect(off.active).toBe(false);
		expect(await validateSessionToken(web.token, 'web')).toBeNull();
		expect(await validateSessionToken(api.token, 'api')).toBeNull();
		const db = await getDb();
		expect(
			await db.select().from(schema.sessions).where(eq(schema.sessions.userId, user.id))
		).toEqual([]);
		expect((await attemptLogin('leaver', 'a-long-enough-password', '10.3.0.1')).ok).toBe(false);

		await reactivateUser(admin, user.id);
		expect((await attemptLogin('leaver', 'a-long-enough-password', '10.3.0.2')).ok).toBe(true);
	});

	it('signs a user out everywhere when an administrator resets the password', async () => {
		const user = await createUser(
			admin,
			newUser({ username: 'forgetful', displayName: 'فراموشکار' })
		);
		const web = await createSession(user.id, 'web');
		await resetPassword(admin, user.id, 'brand-new-password');
		expect(await validateSessionToken(web.token, 'web')).toBeNull();
		expect((await attemptLogin('forgetful', 'brand-new-password', '10.3.0.3')).ok).toBe(true);
	});

	it('never lets the last active administrator be deactivated or lose the admin role', async () => {
		await expect(deactivateUser(admin, admin.user.id)).rejects.toMatchObject({
			status: 409,
			code: 'last_admin'
		});
		const me = await getUser(admin, admin.user.id);
		await expect(
			updateUser(admin, me.id, { version: me.version, roleIds: [roleIds.supervisor] })
		).rejects.toMatchObject({
			code: 'last_admin'
		});
		expect((await getUser(admin, me.id)).roles.map((r) => r.key)).toEqual(['admin']);

		// With a second administrator, the first may step down.
		const second = await createUser(
			admin,
			newUser({ username: 'deputy', displayName: 'جانشین', roleIds: [roleIds.admin] })
		);
		const demoted = await updateUser(admin, me.id, {
			version: me.version,
			roleIds: [roleIds.supervisor]
		});
		expect(demoted.effectiveGrants.admin).toBe('view');
		const deputy = await actorFor(second.id);
		await expect(deactivateUser(deputy, second.id)).rejects.toMatchObject({ code: 'last_admin' });
		// Restore for the tests that follow.
		await updateUser(deputy, me.id, { version: demoted.version, roleIds: [roleIds.admin] });
	});

	it('writes a history row and an outbox event for each change', async () => {
		const user = await createUser(
			admin,
			newUser({ username: 'audited', displayName: 'ممیزی‌شده' })
		);
		await updateUser(
			admin,
			user.id,
			parseOrThrow(userUpdateSchema, { version: user.version, personnelNo: '۱۲۳۴' })
		);
		await deactivateUser(admin, user.id);
		const db = await getDb();
		const rows = await db
			.select()
			.from(schema.history)
			.where(
				and(eq(schema.history.entityType, 'user'), eq(schema.history.entityId, String(user.id)))
			)
			.orderBy(schema.history.id);
		expect(rows.map((r) => r.action)).toEqual(['created', 'updated', 'deactivated']);
		expect(rows.every((r) => r.actorId === admin.user.id)).toBe(true);
		expect(rows[1].changes).toEqual({ personnelNo: { from: null, to: '1234' } });
		expect(JSON.stringify(rows)).not.toContain('argon2');
		const events = await db
			.select({ type: schema.outbox.type })
			.from(schema.outbox)
			.where(
				and(eq(schema.outbox.aggregateType, 'user'), eq(schema.outbox.aggregateId, String(user.id)))
			)
			.orderBy(schema.outbox.id);
		expect(events.map((e) => e.type)).toEqual(['user.created', 'user.updated', 'user.deactivated']);
	});
});

describe('roles', () => {
	it('creates, edits and deletes a custom role; holders gain and lose its access', async () => {
		const role = await createRole(
			admin,
			parseOrThrow(roleCreateSchema, {
				key: 'senior_tech',
				nameFa: 'سرویس‌کار ارشد',
				nameEn: 'Senior technician',
				grants: { worklogs: 'manage', qc: 'view' }
			})
		);
		expect(role).toMatchObject({ builtIn: false, grants: { worklogs: 'manage', qc: 'view' } });
		const user = await createUser(
			admin,
			newUser({ username: 'senior', displayName: 'ارشد', roleIds: [role.id] })
		);
		await updateRole(admin, role.id, { grants: { worklogs: 'manage', qc: 'edit' } });
		expect((await loadGrants(user.id)).qc).toBe('edit');

		await expect(
			createRole(
				admin,
				parseOrThrow(roleCreateSchema, { key: 'senior_tech', nameFa: 'نام دیگر', nameEn: 'Other' })
			)
		).rejects.toMatchObject({ status: 409, fields: { key: { key: 'error.nameTaken' } } });

		await deleteRole(admin, role.id);
		expect((await listRoles(admin)).some((r) => r.id === role.id)).toBe(false);
		expect((await loadGrants(user.id)).worklogs).toBeUndefined();
	});

	it('refuses to delete a built-in role or to weaken the admin role', async () => {
		await expect(deleteRole(admin, roleIds.reception)).rejects.toMatchObject({
			status: 409,
			code: 'built_in_role'
		});
		await expect(
			updateRole(admin, roleIds.admin, { grants: { admin: 'view' } })
		).rejects.toMatchObject({
			code: 'admin_role_fixed'
		});
		expect((await listRoles(admin)).find((r) => r.key === 'reception')).toBeDefined();
	});
});

describe('groups', () => {
	it('refuses a duplicate name and takes its grants away from members on delete', async () => {
		const member = await createUser(admin, newUser({ username: 'member', displayName: 'عضو' }));
		const group = await createGroup(
			admin,
			parseOrThrow(groupCreateSchema, {
				name: 'Reporting',
				memberIds: [member.id],
				grants: { reports: 'manage' }
			})
		);
		expect((await loadGrants(member.id)).reports).toBe('manage');
		await expect(
			createGroup(admin, parseOrThrow(groupCreateSchema, { name: 'reporting' }))
		).rejects.toMatchObject({
			status: 409,
			code: 'name_taken'
		});
		await deleteGroup(admin, group.id);
		expect((await loadGrants(member.id)).reports).toBeUndefined();
	});
});

describe('permissions', () => {
	it('lets a viewer read but not change', async () => {
		const viewer = await createUser(
			admin,
			newUser({ username: 'auditor', displayName: 'حسابرس', grants: { admin: 'view' } })
		);
		const actor = await actorFor(viewer.id);
		expect((await listUsers(actor)).items.length).toBeGreaterThan(0);
		await expect(
			createUser(actor, newUser({ username: 'sneaky', displayName: 'نفوذی' }))
		).rejects.toMatchObject({
			status: 403
		});
	});
});

describe('branch scope', () => {
	it('lets a branch administrator see and manage only the users of their own branch', async () => {
		const db = await getDb();
		const [north, south] = await db
			.insert(schema.branches)
			.values([
				{ code: 'N', nameFa: 'شمال', nameEn: 'North' },
				{ code: 'S', nameFa: 'جنوب', nameEn: 'South' }
			])
			.returning();
		const branchAdmin = await createUser(
			admin,
			newUser({
				username: 'north.admin',
				displayName: 'مدیر شمال',
				branchId: north.id,
				grants: { admin: 'manage' }
			})
		);
		const southUser = await createUser(
			admin,
			newUser({ username: 'south.clerk', displayName: 'جنوبی', branchId: south.id })
		);
		const actor = await actorFor(branchAdmin.id);

		const visible = (await listUsers(actor)).items.map((u) => u.username);
		expect(visible).toContain('north.admin');
		expect(visible).not.toContain('south.clerk');
		expect(visible).not.toContain('root');
		await expect(getUser(actor, southUser.id)).rejects.toMatchObject({ status: 404 });
		await expect(
			createUser(actor, newUser({ username: 'everywhere', displayName: 'همه‌جا' }))
		).rejects.toMatchObject({
			status: 422,
			fields: { branchId: { key: 'admin.users.branchOutOfScope' } }
		});
		const local = await createUser(
			actor,
			newUser({ username: 'north.clerk', displayName: 'شمالی', branchId: north.id })
		);
		expect(local.branchId).toBe(north.id);
	});
});
