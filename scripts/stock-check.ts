/**
 * `npm run stock:check`: recomputes stock from the posted document lines (the ledger) and compares
 * it with on-hand figures, serials, the consignment store and the journal. Read-only. Prints a
 * summary and every problem; exits 1 when there is any, so it can run from cron or CI.
 */
import { closeDatabase, connect } from '../src/lib/server/db';
import { checkStockConsistency } from '../src/lib/server/stock/check';

async function main() {
	const { db, driver } = await connect();
	const started = performance.now();
	const report = await checkStockConsistency(db);
	const ms = Math.round(performance.now() - started);
	console.log(
		`Stock check on ${driver}: ${report.warehouses} warehouses, ${report.documents} posted documents, ` +
			`${report.moves} lines, ${report.journalEntries} journal entries in ${ms} ms.`
	);
	if (!report.problems.length) {
		console.log('Consistent: on hand, serials, consignment and journal all match the ledger.');
		return 0;
	}
	console.log(`${report.problems.length} problem(s):`);
	for (const p of report.problems) console.log(`  [${p.check}] ${p.message}`);
	return 1;
}

main()
	.then(async (code) => {
		await closeDatabase();
		process.exit(code);
	})
	.catch(async (error: unknown) => {
		console.error(error);
		await closeDatabase().catch(() => {});
		process.exit(2);
	});
