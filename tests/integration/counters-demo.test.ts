// Demo data of counters, the portal and tracking groups: a week of tickets whose numbering today
// carries on, waited/served figures, agency users and customers, a tracking rule; loaded once.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tehranDay } from '#lib/domain/queue';
import { getDb, schema } from '#lib/server/db';
import { seedCountersDemo } from '#lib/server/demo/counters';
import { seedOrgDemo } from '#lib/server/demo/org';
import { getCounterTimes, issueTicketInTx } from '#lib/server/queue/tickets';

describe('counters demo data', () => {
	it('seeds a week of tickets, agency users, customers and a tracking rule, once', async () => {
		const db = await getDb();
		const now = new Date();
		const first = await db.transaction(async (tx) => {
			await seedOrgDemo(tx, 'not-a-real-hash');
			return seedCountersDemo(tx, 'not-a-real-hash', now);
		});
		expect(first.tickets).toBeGreaterThan(100);
		expect(first.agencyUsers).toBe(2);
		expect(first.followRules).toBe(1);
		const again = await db.transaction((tx) => seedCountersDemo(tx, 'not-a-real-hash', now));
		expect(again).toEqual({ tickets: 0, agencyUsers: 0, followRules: 0 });

		const times = await getCounterTimes();
		expect(times.length).toBeGreaterThan(0);
		expect(times.every((t) => t.waitedMedianSeconds !== null && t.waitedMedianSeconds >= 0)).toBe(
			true
		);

		// A ticket taken now gets the number after today's demo tickets.
		const [branch] = await db.select().from(schema.branches).limit(1);
		const today = await db
			.select()
			.from(schema.queueTickets)
			.where(eq(schema.queueTickets.day, tehranDay(now)));
		const ofBranch = today.filter((t) => t.branchId === branch!.id).length;
		const ticket = await db.transaction((tx) =>
			issueTicketInTx(tx, branch!.id, 'reception', 'staff', null, now)
		);
		expect(ticket.number).toBe(ofBranch + 1);
		const links = await db.select().from(schema.agencyCustomers);
		expect(links.length).toBe(3);
	});
});
