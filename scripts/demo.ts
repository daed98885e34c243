// `npm run demo`: loads the demo dataset into the configured database (stop the app first when
// it runs on the embedded PGlite: only one process may open its data directory).
import { listDemoUsernames } from '#lib/server/demo/org';
import { loadDemoData } from '#lib/server/demo/index';
import { closeDatabase, connect } from '#lib/server/db';

const { driver } = await connect();
console.log(`Loading demo data into ${driver}…`);
const result = await loadDemoData();
if (result.password) {
	console.log(`\nDemo staff accounts (password for all: ${result.password}):`);
	for (const { username, role } of listDemoUsernames())
		console.log(`  ${username.padEnd(16)} ${role}`);
	console.log(`Added: ${JSON.stringify(result.added)}`);
} else {
	console.log('Demo data was already loaded; nothing added.');
}
await closeDatabase();
