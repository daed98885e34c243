import { hashPassword } from '../auth/password';
import { generateToken } from '../auth/tokens';
import { ensureBuiltInRoles } from '../auth/bootstrap';
import { getDb } from '../db';
import { seedOrgDemo } from './org';

export interface DemoResult {
	/** The password every demo staff account shares; shown once, never stored in clear. */
	password: string | null;
	users: number;
}

/**
 * Loads the demo dataset in one transaction; each part skips itself when its data exists, so
 * running it twice adds nothing twice. Demo accounts get a fresh random password, shown once.
 */
export async function loadDemoData(password = process.env.DEMO_PASSWORD || generateToken().slice(0, 12)): Promise<DemoResult> {
	const db = await getDb();
	await ensureBuiltInRoles();
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const org = await seedOrgDemo(tx, passwordHash);
		return { password: org.users > 0 ? password : null, users: org.users };
	});
}
