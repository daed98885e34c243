// `npm run bench:import [-- rows] [--built]`: generates N warranty rows as a CSV and imports them
// through the real import path (upload → queued job → job runner → the same service functions the
// app uses), then loads the same file with a bare COPY into a scratch table as the floor to compare
// against.
//
// Two ways to run the import:
//   default (child process)  the import runs in a fresh child process that loads the app's modules
//                            under tsx: store the upload, queue the job, run it. Its memory includes
//                            tsx and the TypeScript sources (~270 MB before the import starts).
//   BENCH_APP=built, --built the BUILT app (`npm run build` first; PostgreSQL only): `node server.js`
//                            is started on the bench database, the bench signs in through the API as
//                            the administrator prepare() created, streams the CSV to
//                            POST /api/v1/warranties/import?mode=commit and polls GET /api/v1/jobs/{id}
//                            every 100 ms. End to end = start of the upload → job succeeded. Memory
//                            (VmRSS every 25 ms, VmHWM at the end) and CPU are the app process's,
//                            read from /proc/<pid>; the app is stopped afterwards.
//
//   BENCH_DATABASE_URL (or DATABASE_URL)  PostgreSQL database to use; its warranty, unit and
//                                         customer tables are emptied, so the database name must
//                                         contain "bench" (or set BENCH_FORCE=1). Without a URL the
//                                         embedded PGlite runs in a temporary directory.
//   BENCH_ROWS                            rows to generate (default 1,000,000 on PostgreSQL, 100,000 on PGlite)
//   BENCH_APP                             `built` for the built-app mode above (same as --built)
//   BENCH_PORT                            built-app mode: port of the app (default: a free one)
import {
	createReadStream,
	createWriteStream,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync
} from 'node:fs';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { toPersianDigits } from '#lib/domain/text';
import { createAdministrator, ensureBuiltInRoles } from '#lib/server/auth/bootstrap';
import { closeDatabase, openDatabase, schema, useDatabase, type Db } from '#lib/server/db';
import { runNextJob } from '#lib/server/jobs/runner';
import { startWarrantyImport, type ImportReport } from '#lib/server/warranty/import';
import { rowsOf } from '#lib/server/warranty/import-load';
import { createWarrantyType } from '#lib/server/warranty/types';
import { storeUpload } from '#lib/server/warranty/upload';
import {
	cpuSeconds,
	freePort,
	hasBuild,
	procStatusKb,
	rssKb,
	sleep,
	startBuiltApp
} from './bench-app.ts';

const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
const driver = url ? 'postgres' : 'pglite';
const args = process.argv.slice(2);
const rows = Number(
	args.find((a) => !a.startsWith('--')) ?? process.env.BENCH_ROWS ?? (url ? 1_000_000 : 100_000)
);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`bad row count: ${rows}`);
if (process.env.BENCH_APP && process.env.BENCH_APP !== 'built')
	throw new Error(`BENCH_APP=${process.env.BENCH_APP}: the only value is "built"`);
/** Import through the built app (`node server.js`) instead of a child process under tsx. */
const builtApp = process.env.BENCH_APP === 'built' || args.includes('--built');
if (builtApp && !process.env.BENCH_CHILD) {
	if (!url) {
		console.error(
			'The built-app mode runs on PostgreSQL: set BENCH_DATABASE_URL (the embedded PGlite allows one process at a time).'
		);
		process.exit(1);
	}
	if (!hasBuild()) {
		console.error('build/ is missing: run `npm run build` first, then run the benchmark again.');
		process.exit(1);
	}
}
if (url && !/bench/i.test(new URL(url).pathname) && process.env.BENCH_FORCE !== '1') {
	throw new Error(
		'The benchmark empties warranty, unit and customer tables: use a database whose name contains "bench", or set BENCH_FORCE=1.'
	);
}

const work = process.env.BENCH_CHILD
	? (JSON.parse(process.env.BENCH_CHILD) as { work: string }).work
	: mkdtempSync(path.join(tmpdir(), 'khadamat-bench-'));
process.env.DATA_DIR = path.join(work, 'data');
const PRODUCTS = 200;
/** Password of the administrator prepare() creates (the built-app mode signs in with it). */
const ADMIN_PASSWORD = 'bench-password-123';
const TYPES = ['G18S', 'G12R', 'G24A'];

// ---------------------------------------------------------------- memory

let peakRss = 0;
const sampler = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 25);
sampler.unref();
// BENCH_TRACE_MEMORY=1: where the import process's memory is, once a second (to stderr).
if (process.env.BENCH_TRACE_MEMORY && process.env.BENCH_CHILD) {
	setInterval(() => {
		const m = process.memoryUsage();
		process.stderr.write(
			`memory: rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} buffers ${mb(m.arrayBuffers)} MB\n`
		);
	}, 1000).unref();
}
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

// ---------------------------------------------------------------- data

/**
 * Rows as a warehouse or ERP export has them: mixed digits, Jalali and ISO dates; 90% with a sale
 * date, 10% with a customer mobile (cards are mostly registered by customers later, by SMS).
 */
async function generateCsv(file: string): Promise<void> {
	const out = createWriteStream(file);
	out.write('\uFEFFwarranty serial,product code,product serial,type,sale date,customer mobile\r\n');
	let buffer = '';
	for (let i = 0; i < rows; i++) {
		const serial = `W${String(100_000_000 + i)}`;
		const product = `P-${String(i % PRODUCTS).padStart(4, '0')}`;
		const unitSerial = `SN-${String(i).padStart(8, '0')}`;
		const type = TYPES[i % TYPES.length];
		const day = (i % 28) + 1;
		const month = ((i >> 5) % 12) + 1;
		let sale = '';
		if (i % 10 !== 9) {
			sale =
				i % 3 === 0
					? `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
					: `1402/${month}/${day}`;
			if (i % 7 === 0) sale = toPersianDigits(sale);
		}
		const mobile = i % 10 === 4 ? `0912${String(i % 4_000_000).padStart(7, '0')}` : '';
		buffer += `${i % 11 === 0 ? toPersianDigits(serial) : serial},${product},${unitSerial},${type},${sale},${mobile}\r\n`;
		if (buffer.length > 1 << 20) {
			if (!out.write(buffer)) await once(out, 'drain');
			buffer = '';
		}
	}
	out.end(buffer);
	await once(out, 'finish');
}

/** Empties the import's tables, seeds products and warranty types, and creates an administrator. */
async function prepare(db: Db): Promise<{ id: number; username: string }> {
	await db.execute(
		sql`truncate warranty_assignment, warranty, warranty_import, warranty_type, unit, customer, job, product restart identity cascade`
	);
	await ensureBuiltInRoles();
	const admin = await createAdministrator({
		username: `bench${Date.now()}`,
		displayName: 'bench',
		password: ADMIN_PASSWORD
	});
	await db.insert(schema.products).values(
		Array.from({ length: PRODUCTS }, (_, i) => ({
			code: `P-${String(i).padStart(4, '0')}`,
			nameFa: `کالا ${i}`,
			nameEn: `Product ${i}`
		}))
	);
	await createWarrantyType(
		{
			code: 'G18S',
			nameFa: '۱۸ ماهه از فروش',
			nameEn: '18 months from sale',
			months: 18,
			days: 0,
			startRule: 'sale',
			coverage: 'both',
			graceDays: 15
		},
		admin.id
	);
	await createWarrantyType(
		{
			code: 'G12R',
			nameFa: '۱۲ ماهه از ثبت',
			nameEn: '12 months from registration',
			months: 12,
			days: 0,
			startRule: 'registration',
			coverage: 'parts'
		},
		admin.id
	);
	await createWarrantyType(
		{
			code: 'G24A',
			nameFa: '۲۴ ماهه از فعال‌سازی',
			nameEn: '24 months from activation',
			months: 24,
			days: 0,
			startRule: 'activation',
			coverage: 'both'
		},
		admin.id
	);
	// The worst case for the import's plans, made certain: statistics saying the tables are empty,
	// as after a truncate once autovacuum has looked (the import must not trust them).
	await db.execute(sql`analyze`);
	return { id: admin.id, username: admin.username };
}

// ---------------------------------------------------------------- floor: bare COPY

const SCRATCH = sql.raw(`bench_copy_floor`);

async function copyFloor(file: string, handle: { db: Db }): Promise<number> {
	await handle.db.execute(sql`drop table if exists ${SCRATCH}`);
	await handle.db.execute(
		sql`create table ${SCRATCH} (warranty_serial text, product_code text, product_serial text, type text, sale_date text, mobile text)`
	);
	const started = performance.now();
	if (url) {
		const client = postgres(url, { max: 1, onnotice: () => {} });
		const writable =
			await client`copy bench_copy_floor from stdin with (format csv, header true)`.writable();
		await pipeline(createReadStream(file), writable);
		await client.end();
	} else {
		const client = (handle.db as unknown as { $client: PGlite }).$client;
		await client.query(
			`copy bench_copy_floor from '/dev/blob' with (format csv, header true)`,
			[],
			{
				blob: new Blob([readFileSync(file)])
			}
		);
	}
	const seconds = (performance.now() - started) / 1000;
	const [loaded] = rowsOf<{ n: number }>(
		await handle.db.execute(sql`select count(*)::int as n from ${SCRATCH}`)
	);
	if (loaded?.n !== rows) throw new Error(`COPY loaded ${loaded?.n} rows, expected ${rows}`);
	await handle.db.execute(sql`drop table ${SCRATCH}`);
	return seconds;
}

// ---------------------------------------------------------------- CPU time, whatever the load

/**
 * CPU seconds the database's server processes have used so far, by pid (a local PostgreSQL
 * only; empty for PGlite or when /proc is not readable). Wall time on a shared machine depends
 * on everyone else's load; CPU time does not.
 */
async function serverCpu(db: Db): Promise<Map<number, number>> {
	const cpu = new Map<number, number>();
	if (!url) return cpu;
	const backends = rowsOf<{ pid: number }>(
		await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`)
	);
	for (const { pid } of backends) {
		const seconds = cpuSeconds(pid);
		// null: not local, or gone.
		if (seconds !== null) cpu.set(pid, seconds);
	}
	return cpu;
}

// ---------------------------------------------------------------- the import, in its own process

/**
 * Runs the import the way the app does, in a fresh process so its peak memory is the app's, not
 * the generator's: store the upload, queue the commit job, let the job runner work it.
 */
async function importInChild(csv: string, actorId: number): Promise<void> {
	const handle = await openDatabase(url ? { url } : { dataDir: path.join(work, 'pglite') });
	useDatabase(handle);
	const rssBefore = process.memoryUsage.rss();
	peakRss = rssBefore;
	const serverBefore = await serverCpu(handle.db);
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const upload = await storeUpload(createReadStream(csv), 'warranties.csv');
	const uploadSeconds = (performance.now() - started) / 1000;
	const { jobId } = await startWarrantyImport(upload, 'commit', actorId);
	const job = await runNextJob();
	const seconds = (performance.now() - started) / 1000;
	peakRss = Math.max(peakRss, process.memoryUsage.rss());
	if (!job || job.id !== jobId || job.status !== 'succeeded') {
		throw new Error(
			`import job did not succeed: ${JSON.stringify({ status: job?.status, error: job?.error })}`
		);
	}
	const report = job.report as ImportReport;
	const cpu = process.cpuUsage(cpuBefore);
	const appCpuSeconds = (cpu.user + cpu.system) / 1e6;
	let serverCpuSeconds: number | null = null;
	for (const [pid, total] of await serverCpu(handle.db))
		serverCpuSeconds = (serverCpuSeconds ?? 0) + total - (serverBefore.get(pid) ?? 0);
	await closeDatabase();
	process.stdout.write(
		`${JSON.stringify({ seconds, uploadSeconds, rssBefore, peakRss, maxRss: process.resourceUsage().maxRSS * 1024, appCpuSeconds, serverCpuSeconds, report: { ...report, errors: [], preview: [] } })}\n`
	);
}

/** What one import run measured: times, memory and CPU of the process that imported, its report. */
interface ImportRun {
	seconds: number;
	uploadSeconds: number;
	rssBefore: number;
	peakRss: number;
	maxRss: number;
	appCpuSeconds: number;
	serverCpuSeconds: number | null;
	report: ImportReport;
}

async function runChild(csv: string, actorId: number): Promise<ImportRun> {
	const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
		env: { ...process.env, BENCH_CHILD: JSON.stringify({ csv, actorId, work }) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let out = '';
	child.stdout.on('data', (chunk) => (out += chunk));
	const [code] = (await once(child, 'exit')) as [number];
	if (code !== 0) throw new Error(`import process exited with ${code}`);
	return JSON.parse(out.trim().split('\n').pop()!) as ImportRun;
}

// ---------------------------------------------------------------- the import, through the built app

/** The job as GET /api/v1/jobs/{id} returns it (the fields the bench reads). */
interface JobJson {
	status: 'queued' | 'running' | 'succeeded' | 'failed';
	progress: number | null;
	report: ImportReport | null;
	error: { code: string; message: string } | null;
}

/** A JSON answer of the app, or an error with the status and body. */
async function answer<T>(response: Response, what: string): Promise<T> {
	const text = await response.text();
	if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
	return JSON.parse(text) as T;
}

/**
 * Runs the import through the built app as an API client would: sign in, stream the file to
 * POST /api/v1/warranties/import (commit), poll the job until it ends. Memory and CPU are the app
 * process's, read from /proc while it works; the PostgreSQL backends' CPU as in the child mode.
 */
async function importThroughApp(csv: string, username: string, db: Db): Promise<ImportRun> {
	const port = Number(process.env.BENCH_PORT) || (await freePort());
	const logFile = path.join(work, 'server.log');
	const app = await startBuiltApp({
		port,
		env: {
			DATABASE_URL: url!,
			DATA_DIR: path.join(work, 'data'),
			// e.g. BENCH_APP_NODE_OPTIONS=--max-old-space-size=160: how small a heap the import needs.
			...(process.env.BENCH_APP_NODE_OPTIONS
				? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS }
				: {})
		},
		logFile
	});
	const pid = app.child.pid!;
	let sampling: ReturnType<typeof setInterval> | undefined;
	try {
		const { token } = await answer<{ token: string }>(
			await fetch(`${app.url}/api/v1/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username, password: ADMIN_PASSWORD })
			}),
			'sign-in'
		);
		const auth = { authorization: `Bearer ${token}` };

		const rssBefore = rssKb(pid) * 1024;
		let peakRss = rssBefore;
		sampling = setInterval(() => {
			try {
				peakRss = Math.max(peakRss, rssKb(pid) * 1024);
			} catch {
				// The app has exited; the job poll reports it.
			}
		}, 25);
		const serverBefore = await serverCpu(db);
		const cpuBefore = cpuSeconds(pid)!;
		const started = performance.now();
		// The raw file as the body (not multipart), streamed: the endpoint names it by `filename`.
		const init: RequestInit & { duplex: 'half' } = {
			method: 'POST',
			headers: { ...auth, 'content-type': 'text/csv' },
			body: Readable.toWeb(createReadStream(csv)) as ReadableStream<Uint8Array>,
			duplex: 'half'
		};
		const { jobId } = await answer<{ jobId: string }>(
			await fetch(`${app.url}/api/v1/warranties/import?mode=commit&filename=warranties.csv`, init),
			'upload'
		);
		const uploadSeconds = (performance.now() - started) / 1000;
		let job: JobJson;
		for (;;) {
			job = await answer<JobJson>(
				await fetch(`${app.url}/api/v1/jobs/${jobId}`, { headers: auth }),
				'job status'
			);
			if (job.status === 'succeeded' || job.status === 'failed') break;
			await sleep(100);
		}
		const seconds = (performance.now() - started) / 1000;
		const appCpuSeconds = cpuSeconds(pid)! - cpuBefore;
		clearInterval(sampling);
		peakRss = Math.max(peakRss, rssKb(pid) * 1024);
		const maxRss = procStatusKb(pid, 'VmHWM') * 1024;
		if (job.status !== 'succeeded' || !job.report) {
			throw new Error(
				`import job did not succeed: ${JSON.stringify({ status: job.status, error: job.error })}`
			);
		}
		let serverCpuSeconds: number | null = null;
		for (const [backend, total] of await serverCpu(db))
			serverCpuSeconds = (serverCpuSeconds ?? 0) + total - (serverBefore.get(backend) ?? 0);
		return {
			seconds,
			uploadSeconds,
			rssBefore,
			peakRss,
			maxRss,
			appCpuSeconds,
			serverCpuSeconds,
			report: { ...job.report, errors: [], preview: [] }
		};
	} catch (error) {
		process.stderr.write(`app log (${logFile}):\n${readFileSync(logFile, 'utf8').slice(-4000)}\n`);
		throw error;
	} finally {
		clearInterval(sampling);
		await app.stop();
	}
}

// ---------------------------------------------------------------- run

if (process.env.BENCH_CHILD) {
	const { csv, actorId } = JSON.parse(process.env.BENCH_CHILD) as {
		csv: string;
		actorId: number;
		work: string;
	};
	await importInChild(csv, actorId);
	process.exit(0);
}

console.log(
	`Warranty import benchmark: ${rows.toLocaleString('en')} rows on ${driver}${builtApp ? ', through the built app (node server.js)' : ''}`
);
console.log(
	`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} MB RAM, Node ${process.version}, load average ${loadavg()
		.map((l) => l.toFixed(1))
		.join(' ')}`
);

const handle = await openDatabase(url ? { url } : { dataDir: path.join(work, 'pglite') });
useDatabase(handle);
const admin = await prepare(handle.db);

const csv = path.join(work, 'warranties.csv');
const t = performance.now();
await generateCsv(csv);
const size = statSync(csv).size;
console.log(`Generated ${mb(size)} MB CSV in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const copySeconds = await copyFloor(csv, handle);
const copyRate = rows / copySeconds;
console.log(
	`Raw COPY floor: ${copySeconds.toFixed(2)} s, ${Math.round(copyRate).toLocaleString('en')} rows/s`
);
let result: ImportRun;
if (builtApp) {
	// This connection stays open to read the PostgreSQL backends' CPU; it is idle meanwhile.
	result = await importThroughApp(csv, admin.username, handle.db);
	await closeDatabase();
} else {
	// The embedded PGlite allows one process at a time: hand it over to the import process.
	await closeDatabase();
	result = await runChild(csv, admin.id);
}
/** Which process imported, for the lines below. */
const importer = builtApp ? 'app process (node server.js)' : 'import process';
const { report, seconds } = result;
const rate = rows / seconds;
console.log(
	`Import end to end: ${seconds.toFixed(2)} s (upload + hash ${result.uploadSeconds.toFixed(2)} s), ${Math.round(rate).toLocaleString('en')} rows/s`
);
console.log(
	`  created ${report.created.toLocaleString('en')} warranties, ${report.unitsCreated.toLocaleString('en')} units, ${report.customersCreated.toLocaleString('en')} customers; ${report.errorRows} rows with errors`
);
console.log(
	`  CPU used: ${importer} ${result.appCpuSeconds.toFixed(1)} s${result.serverCpuSeconds === null ? '' : `, PostgreSQL backends ${result.serverCpuSeconds.toFixed(1)} s`}`
);
console.log(`  time per step (ms, summed over chunks): ${JSON.stringify(report.timings)}`);
console.log(`Import / COPY: ${((rate / copyRate) * 100).toFixed(0)}%`);
console.log(
	`${importer[0]!.toUpperCase()}${importer.slice(1)} memory: peak RSS ${mb(Math.max(result.peakRss, result.maxRss))} MB (at start ${mb(result.rssBefore)} MB${builtApp ? `; sampled peak ${mb(result.peakRss)} MB, VmHWM ${mb(result.maxRss)} MB` : ''})`
);
console.log(
	JSON.stringify({
		driver,
		...(builtApp ? { app: 'built' } : {}),
		rows,
		csvMb: Number(mb(size)),
		copySeconds: Number(copySeconds.toFixed(2)),
		copyRowsPerSecond: Math.round(copyRate),
		importSeconds: Number(seconds.toFixed(2)),
		importRowsPerSecond: Math.round(rate),
		ratio: Number((rate / copyRate).toFixed(2)),
		peakRssMb: Number(mb(Math.max(result.peakRss, result.maxRss))),
		...(builtApp
			? {
					rssAtStartMb: Number(mb(result.rssBefore)),
					sampledPeakRssMb: Number(mb(result.peakRss)),
					vmHwmMb: Number(mb(result.maxRss))
				}
			: {}),
		appCpuSeconds: Number(result.appCpuSeconds.toFixed(1)),
		serverCpuSeconds:
			result.serverCpuSeconds === null ? null : Number(result.serverCpuSeconds.toFixed(1)),
		loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
		steps: report.timings
	})
);
rmSync(work, { recursive: true, force: true });
if (report.created !== rows)
	throw new Error(`expected ${rows} warranties, created ${report.created}`);
