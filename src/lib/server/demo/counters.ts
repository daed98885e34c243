/**
 * Demo data of reception counters, the agents' portal and tracking groups: a week of queue
 * tickets per branch (today's line still moving: served, at counters, waiting), a second user
 * and a few registered customers for each agency, and a tracking group of supervisors following
 * agency AG-101's requests. Tracking tokens need nothing: every request gets one on insert.
 * Skipped when tickets exist, so loading twice adds nothing twice.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { normalizePersian } from '#lib/domain/text';
import { tehranDay, type QueuePurpose } from '#lib/domain/queue';
import type { Tx } from '../db';
import {
	agencies,
	agencyCustomers,
	counters,
	customers,
	followRules,
	numberSequences,
	queueTickets,
	roles,
	userGroupMembers,
	userGroups,
	userRoles,
	users
} from '../db/schema';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A deterministic pseudo-random sequence, so every demo load looks the same. */
function sequence(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

const PURPOSES: QueuePurpose[] = [
	'reception',
	'reception',
	'reception',
	'delivery',
	'delivery',
	'consultation'
];

const AGENCY_STAFF = [
	{ agency: 'AG-101', username: 'agent.parsian.2', name: 'مریم پارسیان' },
	{ agency: 'AG-201', username: 'agent.zayandeh.2', name: 'علی زاینده‌رودی' }
];

const AGENCY_CUSTOMERS: Record<string, { name: string; mobile: string; address: string }[]> = {
	'AG-101': [
		{ name: 'فرهاد کرمانی', mobile: '+989121110101', address: 'کرج، گوهردشت، خیابان ۱۲' },
		{ name: 'شیرین نادری', mobile: '+989121110102', address: 'کرج، عظیمیه، بلوار مطهری' }
	],
	'AG-201': [{ name: 'کاوه اصفهانی', mobile: '+989131110201', address: 'نجف‌آباد، خیابان امام' }]
};

/** Tickets of one branch and day; today's last tickets are still at counters or waiting. */
function ticketsOfDay(
	branchId: number,
	counterIds: number[],
	dayStart: Date,
	count: number,
	today: boolean,
	now: Date,
	random: () => number
) {
	const rows: (typeof queueTickets.$inferInsert)[] = [];
	// Counters open at 08:00 Tehran (04:30 UTC); customers come every few minutes.
	let at = new Date(dayStart.getTime() + 8 * 60 * MINUTE_MS);
	const free = new Map(counterIds.map((id) => [id, at.getTime()]));
	for (let n = 1; n <= count; n += 1) {
		at = new Date(at.getTime() + (2 + Math.floor(random() * 9)) * MINUTE_MS);
		if (today && at > now) break;
		const purpose = PURPOSES[Math.floor(random() * PURPOSES.length)]!;
		const base = { branchId, day: tehranDay(at), number: n, purpose, createdAt: at };
		const source = random() < 0.8 ? ('kiosk' as const) : ('staff' as const);
		// The counter free soonest takes the ticket.
		const [counterId, freeAt] = [...free.entries()].sort((a, b) => a[1] - b[1])[0]!;
		// A counter still serving now is free "never" (MAX_SAFE_INTEGER): compare as numbers
		// before making a Date, which would be out of range.
		const calledAtMs = Math.max(at.getTime(), freeAt) + MINUTE_MS;
		if (today && calledAtMs > now.getTime()) {
			rows.push({ ...base, source, status: 'waiting' });
			continue;
		}
		const calledAt = new Date(calledAtMs);
		const serviceMinutes = 3 + Math.floor(random() * 12);
		const finishedAt = new Date(calledAt.getTime() + serviceMinutes * MINUTE_MS);
		if (today && finishedAt > now) {
			rows.push({ ...base, source, status: 'serving', counterId, calledAt, servingAt: calledAt });
			free.set(counterId, Number.MAX_SAFE_INTEGER);
			continue;
		}
		const noShow = random() < 0.06;
		rows.push({
			...base,
			source,
			status: noShow ? 'no_show' : 'done',
			counterId,
			calledAt,
			servingAt: noShow ? null : calledAt,
			finishedAt: noShow ? new Date(calledAt.getTime() + 2 * MINUTE_MS) : finishedAt
		});
		free.set(counterId, noShow ? calledAt.getTime() + 2 * MINUTE_MS : finishedAt.getTime());
	}
	return rows;
}

/** Seeds counters' tickets, agency users and customers, and a tracking group; skipped when tickets exist. */
export async function seedCountersDemo(
	tx: Tx,
	passwordHash: string,
	now: Date = new Date()
): Promise<{ tickets: number; agencyUsers: number; followRules: number }> {
	const [existing] = await tx.select({ id: queueTickets.id }).from(queueTickets).limit(1);
	if (existing) return { tickets: 0, agencyUsers: 0, followRules: 0 };
	const counterRows = await tx.select().from(counters).where(eq(counters.active, true));
	const byBranch = new Map<number, number[]>();
	for (const c of counterRows)
		byBranch.set(c.branchId, [...(byBranch.get(c.branchId) ?? []), c.id]);
	const random = sequence(1405);
	const rows: (typeof queueTickets.$inferInsert)[] = [];
	// Midnight Tehran of today.
	const todayStart = new Date(`${tehranDay(now)}T00:00:00+03:30`);
	for (const [branchId, ids] of byBranch) {
		for (let back = 6; back >= 0; back -= 1) {
			const dayStart = new Date(todayStart.getTime() - back * DAY_MS);
			const count = back === 0 ? 40 : 25 + Math.floor(random() * 20);
			rows.push(...ticketsOfDay(branchId, ids, dayStart, count, back === 0, now, random));
		}
		// Today's numbering carries on after the demo's tickets.
		const today = rows.filter((r) => r.branchId === branchId && r.day === tehranDay(now));
		if (today.length)
			await tx
				.insert(numberSequences)
				.values({ scope: `ticket:${branchId}:${tehranDay(now)}`, lastValue: today.length })
				.onConflictDoUpdate({
					target: numberSequences.scope,
					set: { lastValue: sql`greatest(${numberSequences.lastValue}, ${today.length})` }
				});
	}
	for (let i = 0; i < rows.length; i += 500)
		await tx.insert(queueTickets).values(rows.slice(i, i + 500));

	// A second user for each agency, and customers the agencies registered through the portal.
	const agencyRows = await tx.select().from(agencies);
	const agencyOf = (code: string) => agencyRows.find((a) => a.code === code);
	const [agentRole] = await tx.select().from(roles).where(eq(roles.key, 'agent'));
	let agencyUsers = 0;
	for (const person of AGENCY_STAFF) {
		const agency = agencyOf(person.agency);
		if (!agency || !agentRole) continue;
		const [user] = await tx
			.insert(users)
			.values({
				username: person.username,
				displayName: person.name,
				passwordHash,
				branchId: agency.branchId,
				agencyId: agency.id
			})
			.onConflictDoNothing({ target: users.username })
			.returning();
		if (user) {
			await tx.insert(userRoles).values({ userId: user.id, roleId: agentRole.id });
			agencyUsers += 1;
		}
	}
	for (const [code, list] of Object.entries(AGENCY_CUSTOMERS)) {
		const agency = agencyOf(code);
		if (!agency) continue;
		for (const c of list) {
			const [row] = await tx
				.insert(customers)
				.values({ ...c, nameNorm: normalizePersian(c.name) })
				.onConflictDoNothing({ target: customers.mobile })
				.returning();
			const customerId =
				row?.id ?? (await tx.select().from(customers).where(eq(customers.mobile, c.mobile)))[0]?.id;
			if (customerId)
				await tx
					.insert(agencyCustomers)
					.values({ agencyId: agency.id, customerId })
					.onConflictDoNothing();
		}
	}

	// Supervisors and the Tehran dispatcher follow agency AG-101's requests.
	let rules = 0;
	const ag101 = agencyOf('AG-101');
	const followers = await tx
		.select({ id: users.id })
		.from(users)
		.where(inArray(users.username, ['m.rahimi', 'h.ahmadi']));
	if (ag101 && followers.length) {
		const [group] = await tx
			.insert(userGroups)
			.values({
				name: 'پیگیری نمایندگی پارسیان',
				description: 'سرپرست و مسئول تخصیص، هر مرحلهٔ کالاهای نمایندگی AG-101 را دنبال می‌کنند.'
			})
			.onConflictDoNothing({ target: userGroups.name })
			.returning();
		if (group) {
			await tx
				.insert(userGroupMembers)
				.values(followers.map((f) => ({ groupId: group.id, userId: f.id })));
			await tx.insert(followRules).values({ groupId: group.id, agencyId: ag101.id });
			rules = 1;
		}
	}
	return { tickets: rows.length, agencyUsers, followRules: rules };
}
