// The built-in users (the tracking page's `system.tracking`, the customer channels'
// `system.customer-channels`) are not people: no admin list, user or technician picker offers
// them, they cannot be opened or edited, and nobody may take their username prefix — even when
// one has been given a technician role by hand.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { countOverview } from '#lib/server/admin/overview';
import { userCreateSchema } from '#lib/server/admin/schemas';
import { getUser, listUserChoices, listUsers } from '#lib/server/admin/users';
import { loadTechnicians } from '#lib/server/boards/read-model';
import { getDb, schema } from '#lib/server/db';
import { parseOrThrow } from '#lib/server/http/errors';
import { channelActor as customerChannelsActor } from '#lib/server/notify/channel-actor';
import { loadSearchChoices } from '#lib/server/search/options';
import { listTechnicianChoices } from '#lib/server/service/ui-queries';
import { channelActor as trackingActor } from '#lib/server/tracking/channel-actor';
import { buildWorld, type World } from './service-fixtures';

let world: World;
let systemIds: number[];

beforeAll(async () => {
	world = await buildWorld();
	const db = await getDb();
	const tracking = await db.transaction((tx) => trackingActor(tx));
	const channels = await customerChannelsActor('sms');
	systemIds = [tracking.user.id, channels.user.id];
	// The worst case: someone gave the built-in users the technician role directly in the table.
	const [technicianRole] = await db
		.select()
		.from(schema.roles)
		.where(eq(schema.roles.key, 'technician'));
	await db
		.insert(schema.userRoles)
		.values(systemIds.map((userId) => ({ userId, roleId: technicianRole!.id })));
});

describe('built-in users', () => {
	it('exist, named as the tracking page and the customer channels', async () => {
		const db = await getDb();
		const rows = await db.select().from(schema.users);
		expect(rows.filter((u) => systemIds.includes(u.id)).map((u) => u.username)).toEqual(
			expect.arrayContaining(['system.tracking', 'system.customer-channels'])
		);
	});

	it('are left out of the admin users list, its search, the member picker and the count', async () => {
		const { admin } = world.actors;
		const listed = await listUsers(admin, { limit: 100 });
		expect(listed.items.length).toBeGreaterThan(3);
		expect(listed.items.map((u) => u.id)).not.toEqual(expect.arrayContaining([systemIds[0]]));
		expect(listed.items.some((u) => u.username.startsWith('system.'))).toBe(false);
		expect((await listUsers(admin, { q: 'system' })).items).toEqual([]);
		expect((await listUserChoices(admin)).some((u) => systemIds.includes(u.id))).toBe(false);
		const db = await getDb();
		const everyone = (await db.select().from(schema.users)).length;
		expect((await countOverview()).users).toBe(everyone - systemIds.length);
	});

	it('cannot be opened by an administrator, and their prefix cannot be taken', async () => {
		for (const id of systemIds)
			await expect(getUser(world.actors.admin, id)).rejects.toMatchObject({ status: 404 });
		let refused: unknown;
		try {
			parseOrThrow(userCreateSchema, {
				username: 'System.Helper',
				displayName: 'دستیار',
				password: 'a-long-enough-password'
			});
		} catch (caught) {
			refused = caught;
		}
		expect(refused).toMatchObject({
			status: 422,
			fields: { username: { key: 'admin.users.usernameReserved' } }
		});
	});

	it('are not offered as technicians in the order, search or board pickers', async () => {
		const dispatchable = await listTechnicianChoices(world.actors.dispatcher);
		expect(dispatchable.length).toBeGreaterThan(0);
		expect(dispatchable.some((t) => systemIds.includes(t.id))).toBe(false);
		const search = await loadSearchChoices(world.actors.supervisor);
		expect(search.technicians.map((t) => t.id)).toContain(world.actors.technician.user.id);
		expect(search.technicians.some((t) => systemIds.includes(t.id))).toBe(false);
		const db = await getDb();
		const board = await loadTechnicians(db, 'all');
		expect(board.some((t) => systemIds.includes(t.id))).toBe(false);
	});
});
