import { ensureBuiltInRoles } from '../auth/bootstrap';
import { hashPassword } from '../auth/password';
import { generateToken } from '../auth/tokens';
import { getDb } from '../db';
import { rebuildAllReportFacts } from '../reports/facts';
import { seedCatalogDemo } from './catalog';
import { seedCountersDemo } from './counters';
import { seedOrgDemo } from './org';
import { seedServiceDemo } from './service';
import { seedStockDemo } from './stock';
import { seedBillingDemo } from './billing';
import { seedWarrantyDemo } from './warranty';
import { seedNotifyDemo } from './notify';
import { resumeNotifyFeedAtHead } from '../notify/feed';

export interface DemoResult {
	/** The password every demo staff account shares; shown once, never stored in clear. */
	password: string | null;
	users: number;
	/** What each part added, for the summary line (zero where that part already existed). */
	added: Record<string, number>;
}

/**
 * Loads the demo dataset in one transaction; each part skips itself when its data exists, so
 * running it twice adds nothing twice. Demo accounts get a fresh random password, shown once.
 */
export async function loadDemoData(
	password = process.env.DEMO_PASSWORD || generateToken().slice(0, 12)
): Promise<DemoResult> {
	const db = await getDb();
	await ensureBuiltInRoles();
	const passwordHash = await hashPassword(password);
	const result = await db.transaction(async (tx) => {
		const org = await seedOrgDemo(tx, passwordHash);
		// Before the service path, so the tracking group hears about the demo repairs.
		const queue = await seedCountersDemo(tx, passwordHash);
		const catalog = await seedCatalogDemo(tx);
		const warranty = await seedWarrantyDemo(tx);
		// Before the service path, so the demo repairs find parts in stock.
		const stock = await seedStockDemo(tx);
		const service = await seedServiceDemo(tx);
		// After the service path: it invoices the approved repairs and scores the technicians.
		const billing = await seedBillingDemo(tx);
		// The reports' facts, also when the loader runs outside the app (npm run demo) where the
		// reports projector is not registered; rebuilding is idempotent.
		await rebuildAllReportFacts(tx);
		// Messages the demo requests would have sent; pauses the notification feed (see below).
		await seedNotifyDemo(tx);
		return {
			password: org.users > 0 ? password : null,
			users: org.users,
			added: { ...catalog, ...warranty, ...stock, ...service, ...billing, ...queue }
		};
	});
	// The demo's events are history: the notification feed resumes after them, texting nobody.
	await resumeNotifyFeedAtHead();
	return result;
}
