import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdministrator } from '#lib/server/auth/bootstrap';
import { loadGrants, type Actor } from '#lib/server/auth/access';
import { resetConfig } from '#lib/server/config';
import { getDb, schema } from '#lib/server/db';
import { enqueueJob, getJob, requeueOrphanedJobs } from '#lib/server/jobs/queue';
import { currentWorkerId, runNextJob } from '#lib/server/jobs/runner';
import { getJobForActor } from '#lib/server/jobs/view';
import {
	cancelWarrantyImport,
	commitWarrantyImport,
	runWarrantyImportJob,
	startWarrantyImport,
	WARRANTY_IMPORT_JOB,
	type ImportReport
} from '#lib/server/warranty/import';
import { createWarrantyType } from '#lib/server/warranty/types';
import { storeUpload } from '#lib/server/warranty/upload';

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'khadamat-import-'));

let adminId: number;

async function upload(content: string | Buffer, name = 'serials.csv') {
	resetConfig();
	return storeUpload(
		Readable.from([typeof content === 'string' ? Buffer.from(content, 'utf8') : content]),
		name
	);
}

/** Uploads a file, runs its preview job, and returns the import id and the preview report. */
async function preview(content: string | Buffer, name?: string) {
	const started = await startWarrantyImport(await upload(content, name), 'preview', adminId);
	const job = await runNextJob();
	expect(job?.id).toBe(started.jobId);
	expect(job?.status).toBe('succeeded');
	return { ...started, report: job!.report as ImportReport };
}

async function commit(importId: number, handlers?: Parameters<typeof runNextJob>[0]) {
	const { jobId } = await commitWarrantyImport(importId, adminId);
	const job = await runNextJob(handlers);
	expect(job?.id).toBe(jobId);
	return job!;
}

async function counts() {
	const db = await getDb();
	const n = sql<number>`count(*)::int`;
	const [[w], [u], [c], [a]] = await Promise.all([
		db.select({ n }).from(schema.warranties),
		db.select({ n }).from(schema.units),
		db.select({ n }).from(schema.customers),
		db.select({ n }).from(schema.warrantyAssignments)
	]);
	return { warranties: w!.n, units: u!.n, customers: c!.n, assignments: a!.n };
}

beforeAll(async () => {
	const admin = await createAdministrator({
		username: 'importer',
		displayName: 'واردکننده',
		password: 'import-password-1'
	});
	adminId = admin.id;
	const db = await getDb();
	await db.insert(schema.products).values([
		{ code: 'TV-55', nameFa: 'تلویزیون ۵۵ اینچ', nameEn: '55-inch TV' },
		{ code: 'RF-520', nameFa: 'یخچال ساید', nameEn: 'Side-by-side fridge' }
	]);
	await createWarrantyType(
		{
			code: 'G18S',
			nameFa: '۱۸ ماهه از تاریخ فروش',
			nameEn: '18 months from sale',
			months: 18,
			days: 0,
			startRule: 'sale',
			coverage: 'both',
			graceDays: 15
		},
		adminId
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
		adminId
	);
	await createWarrantyType(
		{
			code: 'OLD',
			nameFa: 'طرح قدیمی',
			nameEn: 'Old plan',
			months: 6,
			days: 0,
			startRule: 'sale',
			coverage: 'labour',
			active: false
		},
		adminId
	);
});

describe('reading files', () => {
	it('reads UTF-8 with BOM, CRLF line ends, Persian digits and Jalali dates, and imports them', async () => {
		const csv =
			'\uFEFFسریال گارانتی,کد کالا,سریال کالا,نوع گارانتی,تاریخ فروش,موبایل مشتری\r\n' +
			'۱۰۰-۲۰۰-۳۰۱,tv-۵۵,SN-۷۷۷۰۱,G18S,۱۴۰۳/۰۱/۱۵,۰۹۱۲ ۳۴۵ ۶۷۸۹\r\n' +
			'100200302,TV-55,SN77702,۱۸ ماهه از تاريخ فروش,2024-04-03,\r\n' +
			'"100200303",RF-520,"SN 77703","12 months from registration",,+98 912 345 6789\r\n';
		const { importId, report } = await preview(csv);
		expect(report).toMatchObject({
			totalRows: 3,
			validRows: 3,
			errorRows: 0,
			hasHeader: true,
			created: 0
		});
		expect(report.preview[0]).toMatchObject({
			row: 2,
			warrantySerial: '۱۰۰-۲۰۰-۳۰۱',
			productSerial: 'SN-۷۷۷۰۱'
		});
		expect(await counts()).toMatchObject({ warranties: 0, units: 0 });

		const job = await commit(importId);
		expect(job.status).toBe('succeeded');
		expect(job.report).toMatchObject({ created: 3, unitsCreated: 3, customersCreated: 1 });
		const db = await getDb();
		const rows = await db.select().from(schema.warranties).orderBy(schema.warranties.serialNorm);
		expect(rows.map((r) => r.serialNorm)).toEqual(['100200301', '100200302', '100200303']);
		// 1403/01/15 is 2024-04-03: both spellings of the date give the same period.
		expect(rows[0]!.startsOn?.toISOString()).toBe('2024-04-02T20:30:00.000Z');
		expect(rows[1]!.startsOn?.toISOString()).toBe(rows[0]!.startsOn?.toISOString());
		// 18 Jalali months from 1403/01/15 end on 1404/07/15 (2025-10-07).
		expect(rows[0]!.endsOn?.toISOString()).toBe('2025-10-06T20:30:00.000Z');
		// Registration-based, with a customer: registered (and started) at import.
		expect(rows[2]!.registeredAt).not.toBeNull();
		expect(rows[2]!.startsOn).not.toBeNull();
		expect(rows[0]!.customerId).toBe(rows[2]!.customerId);
		const [unit] = await db
			.select()
			.from(schema.units)
			.where(eq(schema.units.serialNorm, 'SN77703'));
		expect(unit!.serial).toBe('SN 77703');
		expect((await counts()).assignments).toBe(2);
	});

	it('reads semicolon-separated LF files without a header in the documented column order', async () => {
		const csv = '200300401;TV-55;A-1;G18S;1402/12/29\n200300402;TV-55;A-2;G18S\n';
		const { importId, report } = await preview(csv);
		expect(report).toMatchObject({ hasHeader: false, totalRows: 2, validRows: 2 });
		expect((await commit(importId)).report).toMatchObject({ created: 2 });
		const db = await getDb();
		const [pending] = await db
			.select()
			.from(schema.warranties)
			.where(eq(schema.warranties.serialNorm, '200300402'));
		expect(pending!.startsOn).toBeNull(); // no sale date yet: the warranty waits
	});

	it('reads XLSX with text, number and date cells', async () => {
		const { default: ExcelJS } = await import('exceljs');
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('serials');
		sheet.addRow([
			'Warranty serial',
			'Product code',
			'Product serial',
			'Type',
			'Sale date',
			'Mobile'
		]);
		sheet.addRow([
			'۳۰۰۴۰۰۵۰۱',
			'RF-520',
			998877,
			'G18S',
			new Date(Date.UTC(2024, 3, 3)),
			'09121112233'
		]);
		sheet.addRow([300400502, 'rf-520', 'X-9', 'g18s', '1403/01/15', '']);
		const buffer = Buffer.from(await book.xlsx.writeBuffer());
		const { importId, report } = await preview(buffer, 'serials.xlsx');
		expect(report).toMatchObject({ format: 'xlsx', totalRows: 2, validRows: 2, errorRows: 0 });
		expect(report.preview[0]).toMatchObject({ productSerial: '998877', saleDate: '2024-04-03' });
		expect((await commit(importId)).report).toMatchObject({ created: 2 });
		const db = await getDb();
		const rows = await db
			.select()
			.from(schema.warranties)
			.where(sql`${schema.warranties.serialNorm} in ('300400501', '300400502')`);
		expect(rows.map((r) => r.startsOn?.toISOString())).toEqual([
			'2024-04-02T20:30:00.000Z',
			'2024-04-02T20:30:00.000Z'
		]);
	});
});

describe('per-row errors', () => {
	it('reports every kind of problem with its row, and imports only the valid rows', async () => {
		const csv = [
			'warranty_serial,product_code,product_serial,type,sale_date,mobile',
			'400500601,TV-55,E-1,G18S,1403/02/01,09120000001', // 2: valid
			'400500601,TV-55,E-2,G18S,,', // 3: duplicate in file
			'100200301,TV-55,E-3,G18S,,', // 4: already exists (imported above)
			'400500604,NOPE-1,E-4,G18S,,', // 5: unknown product
			'400500605,TV-55,E-5,G99,,', // 6: unknown type
			'400500606,TV-55,E-6,OLD,,', // 7: inactive type
			'400500607,TV-55,E-7,G18S,1403/13/01,', // 8: bad date
			'400500608,TV-55,E-8,G18S,,0912', // 9: bad mobile
			'400500609,TV-55,,G18S,,', // 10: missing product serial
			'@@@,TV-55,E-10,G18S,,' // 11: bad serial
		].join('\n');
		const { importId, report } = await preview(csv);
		expect(report).toMatchObject({ totalRows: 10, validRows: 1, errorRows: 9 });
		const kinds = Object.fromEntries(
			report.errors.map((e) => [e.row, e.errors.map((x) => `${x.kind}:${x.field}`)])
		);
		expect(kinds).toEqual({
			3: ['duplicate_in_file:warrantySerial'],
			4: ['already_exists:warrantySerial'],
			5: ['unknown_product:productCode'],
			6: ['unknown_type:type'],
			7: ['inactive_type:type'],
			8: ['bad_date:saleDate'],
			9: ['bad_mobile:mobile'],
			10: ['missing_field:productSerial'],
			11: ['bad_serial:warrantySerial']
		});
		expect(report.errorCounts).toMatchObject({
			duplicate_in_file: 1,
			already_exists: 1,
			unknown_product: 1,
			bad_mobile: 1
		});
		expect(report.preview.find((p) => p.row === 4)?.errors).toEqual([
			{ kind: 'already_exists', field: 'warrantySerial' }
		]);

		const before = await counts();
		const job = await commit(importId);
		expect(job.report).toMatchObject({ created: 1, validRows: 1, errorRows: 9 });
		expect((await counts()).warranties).toBe(before.warranties + 1);
	});

	it('fails the job with a clear message when a required column is missing', async () => {
		const { jobId } = await startWarrantyImport(
			await upload('warranty serial,product code,type\n1,TV-55,G18S\n'),
			'preview',
			adminId
		);
		expect((await runNextJob())?.status).toBe('failed');
		const job = await getJob(jobId);
		expect(job).toMatchObject({ status: 'failed', error: 'warranty.import.error.missingColumns' });
		expect(job!.report).toMatchObject({ missingColumns: ['productSerial'] });
	});
});

describe('idempotency', () => {
	const file =
		'warranty serial,product code,product serial,type\n500600701,TV-55,I-1,G18S\n500600702,TV-55,I-2,G18S\n';

	it('imports the same file only once, however often it is uploaded', async () => {
		const first = await preview(file);
		expect((await commit(first.importId)).report).toMatchObject({ created: 2 });
		const after = await counts();

		const again = await startWarrantyImport(
			await upload(file, 'copy-of-serials.csv'),
			'commit',
			adminId
		);
		expect(again).toMatchObject({ importId: first.importId, alreadyImported: true });
		const job = await runNextJob();
		expect(job).toMatchObject({
			status: 'succeeded',
			report: { alreadyImported: true, created: 0 }
		});
		expect(await counts()).toEqual(after);
	});

	it('never creates a serial twice when another file repeats it', async () => {
		const overlap = file.replace('I-2,G18S\n', 'I-2,G18S\n500600703,TV-55,I-3,G18S\n');
		const { importId, report } = await preview(overlap);
		expect(report).toMatchObject({ validRows: 1, errorCounts: { already_exists: 2 } });
		const before = await counts();
		expect((await commit(importId)).report).toMatchObject({ created: 1 });
		expect((await counts()).warranties).toBe(before.warranties + 1);
	});

	it('a cancelled batch imports nothing and cannot be committed', async () => {
		const { importId } = await preview(
			'warranty serial,product code,product serial,type\n500600801,TV-55,C-1,G18S\n'
		);
		await cancelWarrantyImport(importId, adminId);
		await expect(commitWarrantyImport(importId, adminId)).rejects.toMatchObject({
			code: 'import_cancelled'
		});
		const db = await getDb();
		expect(
			await db.select().from(schema.warranties).where(eq(schema.warranties.serialNorm, '500600801'))
		).toEqual([]);
	});
});

describe('all or nothing', () => {
	const steps = ['reading', 'customers', 'units', 'warranties', 'finished'] as const;
	const fileFor = (step: (typeof steps)[number]) => {
		const tag = steps.indexOf(step);
		const rows = Array.from({ length: 30 }, (_, i) => {
			const n = String(i).padStart(2, '0');
			return `6007${tag}0${n},RF-520,Z-${tag}-${n},G18S,1403/05/01,0913${tag}00${String(i).padStart(4, '0')}`;
		});
		return ['warranty serial,product code,product serial,type,sale date,mobile', ...rows].join(
			'\n'
		);
	};

	async function crashAt(step: (typeof steps)[number]) {
		const { importId } = await preview(fileFor(step));
		const before = await counts();
		const crash = (at: string) => {
			throw new Error(`simulated crash at ${at}`);
		};
		let seen = 0;
		const job = await commit(importId, {
			[WARRANTY_IMPORT_JOB]: (ctx) =>
				runWarrantyImportJob(ctx, {
					afterStep: (s) => (s === step ? crash(s) : undefined),
					onRecord: () => (step === 'reading' && ++seen === 20 ? crash('row 20') : undefined)
				})
		});
		expect(job.status).toBe('failed');
		expect(await counts()).toEqual(before);
		const db = await getDb();
		const [batch] = await db
			.select()
			.from(schema.warrantyImports)
			.where(eq(schema.warrantyImports.id, importId));
		expect(batch!.status).toBe('pending');
		return importId;
	}

	it('leaves nothing behind when the job dies half way through the file', async () => {
		await crashAt('reading');
	});

	it.each(['customers', 'units', 'warranties', 'finished'] as const)(
		'leaves nothing behind when it dies after the %s step',
		async (step) => {
			const importId = await crashAt(step);
			// The batch can simply be run again, and then it imports everything once.
			const job = await commit(importId);
			expect(job.report).toMatchObject({ created: 30 });
			const again = await commit(importId);
			expect(again.report).toMatchObject({ alreadyImported: true, created: 0 });
		}
	);
});

describe('large files, a chunk at a time', () => {
	// 45 data rows (file rows 2–46) read ten at a time, so every check crosses chunk boundaries.
	const mobile = '۰۹۱۴۷۷۷۰۰۰۱';
	const rows = Array.from({ length: 45 }, (_, i) => {
		const fileRow = i + 2;
		const serial = `7008${String(fileRow).padStart(3, '0')}`;
		if (fileRow === 17) return `${serial},NOPE-9,L-${fileRow},G18S,1403/05/01,`; // unknown product
		if (fileRow === 30) return `7008005,TV-55,L-${fileRow},G18S,1403/05/01,`; // repeats row 5
		if (fileRow === 38) return `700800999,TV-55,L-${fileRow},G18S,1403/05/01,`; // imported before
		// Row 44 is a second card for the unit of row 3.
		const unit = fileRow === 44 ? 'L-3' : `L-${fileRow}`;
		return `${serial},TV-55,${unit},G18S,1403/05/01,${fileRow % 4 === 0 ? mobile : ''}`;
	});
	const file = ['warranty serial,product code,product serial,type,sale date,mobile', ...rows].join(
		'\n'
	);
	const inChunks =
		(extra: Parameters<typeof runWarrantyImportJob>[1] = {}) =>
		(ctx: Parameters<typeof runWarrantyImportJob>[0]) =>
			runWarrantyImportJob(ctx, { chunkRows: 10, ...extra });

	it('reports bad rows anywhere in the file by row number, and a crash in a late chunk leaves nothing', async () => {
		const earlier = await preview(
			'warranty serial,product code,product serial,type\n700800999,TV-55,L-OLD,G18S\n'
		);
		expect((await commit(earlier.importId)).report).toMatchObject({ created: 1 });

		const started = await startWarrantyImport(await upload(file), 'preview', adminId);
		const previewJob = await runNextJob({ [WARRANTY_IMPORT_JOB]: inChunks() });
		expect(previewJob).toMatchObject({ id: started.jobId, status: 'succeeded' });
		const report = previewJob!.report as ImportReport;
		expect(report).toMatchObject({ totalRows: 45, validRows: 42, errorRows: 3 });
		expect(report.errors.map((e) => [e.row, e.serial, e.errors.map((x) => x.kind)])).toEqual([
			[17, '7008017', ['unknown_product']],
			[30, '7008005', ['duplicate_in_file']],
			[38, '700800999', ['already_exists']]
		]);

		// The fourth chunk dies after its warranties were written: the batch is all or nothing.
		const before = await counts();
		let chunks = 0;
		const crashed = await commit(started.importId, {
			[WARRANTY_IMPORT_JOB]: inChunks({
				afterStep: (step) => {
					if (step === 'warranties' && ++chunks === 4) throw new Error('simulated crash');
				}
			})
		});
		expect(crashed.status).toBe('failed');
		expect(chunks).toBe(4);
		expect(await counts()).toEqual(before);

		const job = await commit(started.importId, { [WARRANTY_IMPORT_JOB]: inChunks() });
		// Units: 43 rows passed the file checks (row 38's card exists, its unit did not), two share one.
		expect(job.report).toMatchObject({
			created: 42,
			unitsCreated: 42,
			customersCreated: 1,
			validRows: 42,
			errorRows: 3
		});
		const after = await counts();
		expect(after.warranties - before.warranties).toBe(42);
		expect(after.units - before.units).toBe(42);
		// Rows 4, 8, …, 44 name the customer; row 44 holds a mobile too.
		expect(after.assignments - before.assignments).toBe(11);
		const db = await getDb();
		const shared = await db
			.select({ serial: schema.warranties.serialNorm, unitId: schema.warranties.unitId })
			.from(schema.warranties)
			.where(sql`${schema.warranties.serialNorm} in ('7008003', '7008044')`);
		expect(shared).toHaveLength(2);
		expect(shared[0]!.unitId).toBe(shared[1]!.unitId);
	});

	it('creates new rows the quick way and, from the first chunk that meets an existing unit, the careful way', async () => {
		const db = await getDb();
		const [tv] = await db
			.select({ id: schema.products.id })
			.from(schema.products)
			.where(eq(schema.products.code, 'TV-55'));
		// A unit already on file (from a warehouse issue, say), sold on 2024-03-01.
		const [known] = await db
			.insert(schema.units)
			.values({
				productId: tv!.id,
				serial: 'Q-KNOWN',
				serialNorm: 'QKNOWN',
				saleDate: new Date('2024-03-01T00:00:00Z')
			})
			.returning();
		const rows = Array.from({ length: 30 }, (_, i) => {
			const n = i + 1;
			// Rows 2 and 5 are two cards of one new unit; row 15's card is for the known unit, undated.
			const unit = n === 5 ? 'Q-2' : n === 15 ? 'Q-KNOWN' : `Q-${n}`;
			return `7009${String(n).padStart(3, '0')},TV-55,${unit},G18S,${n === 15 ? '' : '1403/05/01'},`;
		});
		const csv = ['warranty serial,product code,product serial,type,sale date,mobile', ...rows].join(
			'\n'
		);
		const started = await startWarrantyImport(await upload(csv), 'preview', adminId);
		await runNextJob({ [WARRANTY_IMPORT_JOB]: inChunks() });
		const before = await counts();
		const job = await commit(started.importId, { [WARRANTY_IMPORT_JOB]: inChunks() });
		expect(job.report).toMatchObject({ created: 30, unitsCreated: 28, errorRows: 0 });
		const { timings } = job.report as ImportReport;
		expect(Object.keys(timings)).toEqual(expect.arrayContaining(['units and warranties', 'units']));
		expect((await counts()).units - before.units).toBe(28);

		const cards = await db
			.select({
				serial: schema.warranties.serialNorm,
				unitId: schema.warranties.unitId,
				startsOn: schema.warranties.startsOn
			})
			.from(schema.warranties)
			.where(sql`${schema.warranties.serialNorm} in ('7009002', '7009005', '7009015')`)
			.orderBy(schema.warranties.serialNorm);
		expect(cards[0]!.unitId).toBe(cards[1]!.unitId);
		// The card of the known unit starts from the unit's sale date (Tehran's midnight).
		expect(cards[2]).toMatchObject({
			unitId: known!.id,
			startsOn: new Date('2024-02-29T20:30:00Z')
		});
	});
});

describe('jobs', () => {
	it('re-queues a job whose worker died, and runs it again', async () => {
		const db = await getDb();
		const job = await enqueueJob(db, { kind: 'test.echo', createdBy: adminId });
		await db
			.update(schema.jobs)
			.set({
				status: 'running',
				workerId: 'dead-host:1:abc',
				heartbeatAt: new Date(Date.now() - 10 * 60_000)
			})
			.where(eq(schema.jobs.id, job.id));
		expect(await requeueOrphanedJobs(currentWorkerId(), { staleSeconds: 30 })).toBe(1);
		const ran = await runNextJob({
			'test.echo': (ctx) => Promise.resolve({ attempt: ctx.job.attempts })
		});
		expect(ran).toMatchObject({ id: job.id, status: 'succeeded', report: { attempt: 1 } });
	});

	it('shows a job only to its creator or an administrator', async () => {
		const db = await getDb();
		const job = await enqueueJob(db, { kind: 'test.private', createdBy: adminId });
		const [other] = await db
			.insert(schema.users)
			.values({ username: 'someone', displayName: 'کسی' })
			.returning();
		const stranger: Actor = {
			user: other!,
			grants: await loadGrants(other!.id),
			sessionId: 'x',
			via: 'bearer'
		};
		await expect(getJobForActor(job.id, stranger)).rejects.toMatchObject({ status: 404 });
		const [admin] = await db.select().from(schema.users).where(eq(schema.users.id, adminId));
		const owner: Actor = {
			user: admin!,
			grants: await loadGrants(adminId),
			sessionId: 'y',
			via: 'bearer'
		};
		expect((await getJobForActor(job.id, owner)).id).toBe(job.id);
		await db.delete(schema.jobs).where(eq(schema.jobs.id, job.id));
	});
});
