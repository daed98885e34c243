// The front doors' demo data: messages on the demo requests' timelines, Telegram-linked
// customers, an edited template, once only; and loading it notifies nobody (the feed skips it).
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import { seedCatalogDemo } from '#lib/server/demo/catalog';
import { seedNotifyDemo } from '#lib/server/demo/notify';
import { seedOrgDemo } from '#lib/server/demo/org';
import { seedServiceDemo } from '#lib/server/demo/service';
import { notifyOnce, resumeNotifyFeedAtHead } from '#lib/server/notify/feed';

describe('front-door demo data', () => {
	it(
		'fills deliveries and timelines once, and the feed skips the demo’s own events',
		{ timeout: 600_000 },
		async () => {
			const db = await getDb();
			const first = await db.transaction(async (tx) => {
				await seedOrgDemo(tx, 'not-a-real-hash');
				await seedCatalogDemo(tx);
				await seedServiceDemo(tx, { requests: 40 });
				return seedNotifyDemo(tx);
			});
			expect(first.deliveries).toBeGreaterThan(20);
			expect(first.telegramChats).toBe(3);
			// Paused until the loader resumes it after commit.
			expect(await notifyOnce()).toBe(0);
			await resumeNotifyFeedAtHead();
			await notifyOnce();
			const deliveries = await db.select().from(schema.notificationDeliveries);
			expect(deliveries).toHaveLength(first.deliveries);
			const statuses = new Set(deliveries.map((d) => d.status));
			expect(statuses.has('delivered')).toBe(true);
			expect(statuses.has('sent')).toBe(true);
			const history = await db.select().from(schema.history);
			expect(history.filter((h) => h.action === 'notification_delivered').length).toBeGreaterThan(
				0
			);

			const second = await db.transaction((tx) => seedNotifyDemo(tx));
			expect(second.deliveries).toBe(0);
			await resumeNotifyFeedAtHead();
		}
	);
});
