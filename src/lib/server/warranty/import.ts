/**
 * Bulk warranty import: upload → preview (every row checked, nothing written) → commit (valid
 * rows, all in one transaction) → report. Both steps run as durable background jobs.
 *
 * Idempotency: a batch is keyed by the SHA-256 of its file, so the same file twice is one batch
 * that imports once; and warranties insert with ON CONFLICT (serial) DO NOTHING, so overlapping
 * files never create a serial twice. All-or-nothing: staging, customers, units, warranties and
 * the batch's status commit together; a crash anywhere rolls every part back.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { products, warrantyImports, warrantyTypes, type WarrantyImport } from '../db/schema';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { enqueueJob, findLatestJob, notifyJobsQueued } from '../jobs/queue';
import type { JobContext } from '../jobs/types';
import type { Job } from '../db/schema';
import { recordChange } from '../events/record';
import {
	CompactStringSet,
	DEFAULT_COLUMNS,
	IMPORT_ERROR_KINDS,
	mapHeader,
	productCodeKey,
	readCsvRecords,
	readXlsxRecords,
	RowValidator,
	toRawRow,
	typeKey,
	typeKeys,
	type ColumnMap,
	type FileRecord,
	type ImportErrorKind,
	type ImportField,
	type ImportType,
	type RawImportRow,
	type RowError
} from './import-parse';
import {
	query,
	RollbackWith,
	STAGE_TABLE,
	withBatchTransaction,
	type BatchTransaction,
	type StagedChunk
} from './import-load';
import { periodColumns } from './periods';
import { removeUpload, type StoredUpload } from './upload';

export const WARRANTY_IMPORT_JOB = 'warranty.import';
export type ImportMode = 'preview' | 'commit';

/** Rows listed individually in a report; the counts always cover every row. */
const MAX_LISTED_ERRORS = 1_000;
const PREVIEW_ROWS = 50;

/** One row of the preview table: what was read and what is wrong with it. */
export interface PreviewRow extends Omit<RawImportRow, 'rowNo'> {
	row: number;
	errors: RowError[];
}

/** The result of a preview or commit, stored as the job's report. */
export interface ImportReport {
	[key: string]: unknown;
	mode: ImportMode;
	importId: number;
	fileName: string;
	format: 'csv' | 'xlsx';
	/** The batch was imported before; nothing was (or would be) created now. */
	alreadyImported: boolean;
	hasHeader: boolean;
	totalRows: number;
	validRows: number;
	errorRows: number;
	errorCounts: Record<ImportErrorKind, number>;
	/** Rows with errors, by row number (at most MAX_LISTED_ERRORS). */
	errors: { row: number; serial: string; errors: RowError[] }[];
	/** The first rows of the file as read, with their errors. */
	preview: PreviewRow[];
	created: number;
	unitsCreated: number;
	customersCreated: number;
	durationMs: number;
	/** Milliseconds from the start at which each step ended (for benchmarks and slow-import reports). */
	timings: Record<string, number>;
}

/** Steps of a commit, in order (all but `finished` once per chunk); tests interrupt a batch after one of them. */
export type ImportStep = 'staged' | 'customers' | 'units' | 'warranties' | 'finished';

export interface ImportOptions {
	actorId: number | null;
	/** Percent done (0–100) and what is happening. */
	onProgress?: (percent: number, detail: { phase: string; rows: number }) => void;
	/** Test seam: runs inside the batch transaction after each step; throwing there aborts the batch. */
	afterStep?: (step: ImportStep) => Promise<void> | void;
	/** Test seam: inspects every record as read (e.g. to fail mid-file). */
	onRecord?: (record: FileRecord) => void;
	/** Rows staged and worked at a time (tests use small chunks to cross chunk boundaries). */
	chunkRows?: number;
}

function emptyCounts(): Record<ImportErrorKind, number> {
	return Object.fromEntries(IMPORT_ERROR_KINDS.map((k) => [k, 0])) as Record<
		ImportErrorKind,
		number
	>;
}

// ---------------------------------------------------------------- batches and jobs

/** The batch of an upload: a new one, or the existing batch of the same bytes. */
async function registerImport(
	tx: Executor,
	upload: StoredUpload,
	actorId: number | null
): Promise<WarrantyImport> {
	const [existing] = await tx
		.select()
		.from(warrantyImports)
		.where(eq(warrantyImports.sha256, upload.sha256))
		.for('update');
	if (existing) {
		if (existing.status === 'imported') return existing;
		const [row] = await tx
			.update(warrantyImports)
			.set({
				status: 'pending',
				filePath: upload.path,
				fileName: upload.fileName,
				format: upload.format,
				sizeBytes: upload.sizeBytes,
				updatedAt: new Date()
			})
			.where(eq(warrantyImports.id, existing.id))
			.returning();
		return row;
	}
	const [row] = await tx
		.insert(warrantyImports)
		.values({
			sha256: upload.sha256,
			fileName: upload.fileName,
			format: upload.format,
			filePath: upload.path,
			sizeBytes: upload.sizeBytes,
			createdBy: actorId
		})
		.onConflictDoNothing({ target: warrantyImports.sha256 })
		.returning();
	// A concurrent upload of the same bytes won the insert; use its batch.
	return (
		row ??
		(await tx.select().from(warrantyImports).where(eq(warrantyImports.sha256, upload.sha256)))[0]!
	);
}

/**
 * Registers an uploaded file as a batch and queues its preview (or straight commit) job.
 * Re-uploading an imported file queues a job that reports "already imported" and creates nothing.
 */
export async function startWarrantyImport(
	upload: StoredUpload,
	mode: ImportMode,
	actorId: number | null
): Promise<{ importId: number; jobId: string; alreadyImported: boolean }> {
	const db = await getDb();
	const result = await db.transaction(async (tx) => {
		const batch = await registerImport(tx, upload, actorId);
		const job = await enqueueJob(tx, {
			kind: WARRANTY_IMPORT_JOB,
			payload: { importId: batch.id, mode },
			createdBy: actorId,
			total: 100
		});
		return { importId: batch.id, jobId: job.id, alreadyImported: batch.status === 'imported' };
	});
	if (result.alreadyImported) await removeUpload(upload.path);
	notifyJobsQueued();
	return result;
}

/** Queues the commit of a previewed batch ("import the valid rows"). */
export async function commitWarrantyImport(
	importId: number,
	actorId: number | null
): Promise<{ jobId: string }> {
	const db = await getDb();
	const jobId = await db.transaction(async (tx) => {
		const [batch] = await tx
			.select()
			.from(warrantyImports)
			.where(eq(warrantyImports.id, importId))
			.for('update');
		if (!batch) throw notFound();
		if (batch.status === 'cancelled')
			throw new AppError(409, 'import_cancelled', 'warranty.import.error.cancelled');
		const job = await enqueueJob(tx, {
			kind: WARRANTY_IMPORT_JOB,
			payload: { importId, mode: 'commit' },
			createdBy: actorId,
			total: 100
		});
		return job.id;
	});
	notifyJobsQueued();
	return { jobId };
}

/** Drops a previewed batch ("import nothing"): its file is deleted and it can no longer commit. */
export async function cancelWarrantyImport(
	importId: number,
	actorId: number | null
): Promise<WarrantyImport> {
	const db = await getDb();
	const { batch, filePath } = await db.transaction(async (tx) => {
		const [current] = await tx
			.select()
			.from(warrantyImports)
			.where(eq(warrantyImports.id, importId))
			.for('update');
		if (!current) throw notFound();
		if (current.status !== 'pending') return { batch: current, filePath: null };
		const [row] = await tx
			.update(warrantyImports)
			.set({ status: 'cancelled', filePath: null, updatedAt: new Date() })
			.where(eq(warrantyImports.id, importId))
			.returning();
		await recordChange(tx, {
			entityType: 'warranty_import',
			entityId: importId,
			action: 'cancelled',
			actorId,
			type: 'warranty_import.cancelled',
			payload: { fileName: current.fileName }
		});
		return { batch: row, filePath: current.filePath };
	});
	await removeUpload(filePath);
	return batch;
}

/** A batch with its latest job (the one the page should show). */
export async function getWarrantyImport(
	importId: number
): Promise<{ batch: WarrantyImport; job: Job | null }> {
	const db = await getDb();
	const [batch] = await db.select().from(warrantyImports).where(eq(warrantyImports.id, importId));
	if (!batch) throw notFound();
	return { batch, job: await findLatestJob(WARRANTY_IMPORT_JOB, { importId }) };
}

/** The job handler: reads the batch id and mode from the payload and runs the import. */
export async function runWarrantyImportJob(
	ctx: JobContext,
	options: Omit<ImportOptions, 'actorId' | 'onProgress'> = {}
): Promise<ImportReport> {
	const importId = Number(ctx.job.payload.importId);
	const mode: ImportMode = ctx.job.payload.mode === 'commit' ? 'commit' : 'preview';
	return importWarrantyFile(importId, mode, {
		...options,
		actorId: ctx.job.createdBy,
		onProgress: (percent, detail) => ctx.progress(percent, 100, detail)
	});
}

// ---------------------------------------------------------------- reading

async function loadLookups(now: Date) {
	const db = await getDb();
	const types = await db.select().from(warrantyTypes);
	const typeByKey = new Map<string, ImportType>();
	for (const t of types) {
		for (const key of typeKeys(t)) if (!typeByKey.has(key)) typeByKey.set(key, t);
	}
	// Codes of every product: a few hundred thousand at most, far smaller than the file.
	const productRows = await db.select({ id: products.id, code: products.code }).from(products);
	const productByCode = new Map(productRows.map((p) => [productCodeKey(p.code), p.id]));
	return {
		now,
		productId: (code: string) => productByCode.get(productCodeKey(code)) ?? null,
		type: (text: string) => {
			for (const key of typeKey(text)) {
				const found = typeByKey.get(key);
				if (found) return found;
			}
			return null;
		}
	};
}

function openRecords(
	batch: WarrantyImport,
	onBytes: (n: number) => void
): AsyncGenerator<FileRecord[]> {
	const counter = new Transform({
		transform(chunk: Buffer, _e, callback) {
			onBytes(chunk.length);
			callback(null, chunk);
		}
	});
	const file = createReadStream(batch.filePath!, { highWaterMark: 256 * 1024 });
	file.on('error', (error) => counter.destroy(error));
	const source: Readable = file.pipe(counter);
	return batch.format === 'xlsx' ? readXlsxRecords(source) : readCsvRecords(source);
}

function missingColumns(fields: ImportField[]): AppError {
	return new AppError(
		422,
		'missing_columns',
		'warranty.import.error.missingColumns',
		{ columns: fields.join(', ') },
		undefined,
		{
			missingColumns: fields
		}
	);
}

// ---------------------------------------------------------------- the import

/**
 * Reads, checks and (in commit mode) imports one batch. Preview runs the very same checks,
 * including "already exists", inside a transaction that is then rolled back.
 */
export async function importWarrantyFile(
	importId: number,
	mode: ImportMode,
	options: ImportOptions
): Promise<ImportReport> {
	const started = Date.now();
	const db = await getDb();
	const [initial] = await db.select().from(warrantyImports).where(eq(warrantyImports.id, importId));
	if (!initial) throw notFound();
	if (initial.status === 'imported') return alreadyImported(initial, mode, started);
	if (initial.status === 'cancelled' || !initial.filePath) {
		throw new AppError(409, 'import_cancelled', 'warranty.import.error.cancelled');
	}
	const fileSize = (await stat(initial.filePath).catch(() => null))?.size;
	if (fileSize === undefined)
		throw new AppError(409, 'file_missing', 'warranty.import.error.fileMissing');
	const now = new Date();
	const lookups = await loadLookups(now);
	const progress = options.onProgress ?? (() => {});
	progress(0, { phase: 'reading', rows: 0 });

	const outcome = await withBatchTransaction(async (batchTx) => {
		const { tx } = batchTx;
		if (mode === 'commit') {
			// Holding the batch row serialises two commits of the same file: the second waits, then
			// finds it imported.
			const [locked] = await tx
				.select()
				.from(warrantyImports)
				.where(eq(warrantyImports.id, importId))
				.for('update');
			if (locked?.status === 'imported')
				return { report: alreadyImported(locked, mode, started), filePath: null };
			if (locked?.status !== 'pending')
				throw new AppError(409, 'import_cancelled', 'warranty.import.error.cancelled');
		}
		const report = await readAndStage(batchTx, initial, mode, lookups, fileSize, options, started);
		if (mode === 'preview') throw new RollbackWith({ report, filePath: null });
		await options.afterStep?.('finished');
		return { report, filePath: initial.filePath };
	});
	await removeUpload(outcome.filePath);
	progress(100, { phase: 'done', rows: outcome.report.totalRows });
	return outcome.report;
}

function alreadyImported(batch: WarrantyImport, mode: ImportMode, started: number): ImportReport {
	const stored = (batch.report ?? {}) as Partial<ImportReport>;
	return {
		mode,
		importId: batch.id,
		fileName: batch.fileName,
		format: batch.format,
		alreadyImported: true,
		hasHeader: stored.hasHeader ?? true,
		totalRows: batch.totalRows,
		validRows: 0,
		errorRows: batch.errorRows,
		errorCounts: stored.errorCounts ?? emptyCounts(),
		errors: [],
		preview: [],
		created: 0,
		unitsCreated: 0,
		customersCreated: 0,
		durationMs: Date.now() - started,
		timings: {}
	};
}

/** Rows staged and worked per chunk: big enough for set-based statements, small enough to hold. */
const CHUNK_ROWS = 50_000;
/** Rows read between turns of the event loop while the database works on the previous chunk. */
const YIELD_ROWS = 1_000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function readAndStage(
	batchTx: BatchTransaction,
	batch: WarrantyImport,
	mode: ImportMode,
	lookups: Awaited<ReturnType<typeof loadLookups>>,
	fileSize: number,
	options: ImportOptions,
	started: number
): Promise<ImportReport> {
	const { tx, stage } = batchTx;
	const progress = options.onProgress ?? (() => {});
	const chunkRows = options.chunkRows ?? CHUNK_ROWS;
	const validator = new RowValidator(lookups);
	const timings: Record<string, number> = {};
	const report: ImportReport = {
		mode,
		importId: batch.id,
		fileName: batch.fileName,
		format: batch.format,
		alreadyImported: false,
		hasHeader: false,
		totalRows: 0,
		validRows: 0,
		errorRows: 0,
		errorCounts: emptyCounts(),
		errors: [],
		preview: [],
		created: 0,
		unitsCreated: 0,
		customersCreated: 0,
		durationMs: 0,
		timings
	};
	let columns: ColumnMap | null = null;
	let bytes = 0;
	// Time the database spent on each step, summed over the chunks.
	const spent = async <T>(step: string, work: Promise<T>): Promise<T> => {
		const t = Date.now();
		const result = await work;
		timings[step] = (timings[step] ?? 0) + Date.now() - t;
		return result;
	};

	// New units and cards are the usual case; true until a chunk meets an existing one.
	let freshSoFar = true;

	// One chunk: replace staging with it, then (commit) create its customers, units and warranties.
	// Later chunks see what earlier ones created, so each step is the same as over the whole file.
	const work = async (taken: { chunk: StagedChunk | null }, stats: ChunkStats) => {
		// Handed over, not kept: the chunk's rows can go as soon as they are loaded.
		const chunk = taken.chunk!;
		taken.chunk = null;
		await spent('stage', stage.load(chunk));
		await options.afterStep?.('staged');
		if (mode === 'preview') {
			await spent('existing', markExisting(tx, report, null));
			return;
		}
		if (stats.mobiles) report.customersCreated += await spent('customers', insertCustomers(tx));
		await options.afterStep?.('customers');
		let inserted: Inserted | null = null;
		if (freshSoFar) {
			inserted = await spent(
				'units and warranties',
				insertFresh(batchTx, batch.id, options.actorId, stats)
			);
			// A chunk that met an existing unit or card was undone; it and the rest of the file go
			// the careful way, which skips what exists.
			if (!inserted) freshSoFar = false;
			else report.unitsCreated += inserted.units;
			await options.afterStep?.('units');
		}
		if (!inserted) {
			report.unitsCreated += await spent('units', insertUnits(tx, stats.mobiles));
			await options.afterStep?.('units');
			inserted = await spent(
				'warranties',
				insertWarranties(tx, batch.id, options.actorId, stats.mobiles)
			);
		}
		report.created += inserted.created;
		await options.afterStep?.('warranties');
		if (inserted.created < inserted.staged)
			await spent('existing', markExisting(tx, report, batch.id));
		if (inserted.datedLater > 0) await spent('later dates', startFromKnownUnitDates(tx, batch.id));
	};

	// Reading runs ahead by one chunk while the database works on the previous one: the two share
	// the machine's cores instead of taking turns.
	let inFlight: Promise<void> | null = null;
	const newStats = (): ChunkStats => ({
		mobiles: false,
		units: new CompactStringSet(),
		unitRepeats: false
	});
	let chunkStats = newStats();
	// Waits for the chunk in flight; a failure there fails the batch.
	const settle = async () => {
		const current = inFlight;
		inFlight = null;
		if (current) await current;
	};
	const dispatch = async () => {
		await settle();
		if (!stage.size) return;
		const next = work({ chunk: stage.take() }, chunkStats);
		chunkStats = newStats();
		// Awaited by the next dispatch or after the loop; until then a failure waits there.
		next.catch(() => {});
		inFlight = next;
	};

	const records = openRecords(batch, (n) => {
		bytes += n;
	});
	try {
		for await (const chunk of records) {
			for (const record of chunk) {
				options.onRecord?.(record);
				if (columns === null) {
					const header = mapHeader(record.cells);
					if (header) {
						if (header.missing.length) throw missingColumns(header.missing);
						columns = header.columns;
						report.hasHeader = true;
						continue;
					}
					columns = DEFAULT_COLUMNS;
				}
				// Spreadsheets export trailing rows of bare separators; they are not rows to anyone.
				if (record.cells.every((c) => c.trim() === '')) continue;
				report.totalRows++;
				const raw = toRawRow(record, columns);
				const result = validator.validate(raw);
				if (report.preview.length < PREVIEW_ROWS) {
					const { rowNo, ...fields } = raw;
					report.preview.push({ row: rowNo, ...fields, errors: result.ok ? [] : result.errors });
				}
				if (result.ok) {
					report.validRows++;
					if (result.row.mobile) chunkStats.mobiles = true;
					if (!chunkStats.unitRepeats) {
						const unit = `${result.row.productId}\t${result.row.productSerialNorm}`;
						if (!chunkStats.units.add(unit)) chunkStats.unitRepeats = true;
					}
					stage.add(result.row);
					if (stage.size >= chunkRows) await dispatch();
					// Parsing a buffered file never waits on I/O by itself: let the event loop feed
					// the chunk in flight to the database and send its next statement.
					else if (inFlight && stage.size % YIELD_ROWS === 0) await nextTurn();
				} else {
					report.errorRows++;
					for (const e of result.errors) report.errorCounts[e.kind]++;
					if (report.errors.length < MAX_LISTED_ERRORS)
						report.errors.push({
							row: raw.rowNo,
							serial: raw.warrantySerial,
							errors: result.errors
						});
				}
			}
			progress((Math.min(bytes, fileSize) / fileSize) * 95, {
				phase: 'reading',
				rows: report.totalRows
			});
		}
		timings.read = Date.now() - started;
		await dispatch();
		await settle();
	} catch (error) {
		// The connection must be idle before the transaction rolls back.
		await settle().catch(() => {});
		throw error;
	} finally {
		// Stops the file stream if the loop ended early (an error, a missing column).
		await records.return(undefined);
	}
	progress(96, { phase: 'finishing', rows: report.totalRows });
	report.errors.sort((a, b) => a.row - b.row);
	report.durationMs = Date.now() - started;
	timings.total = report.durationMs;

	if (mode === 'commit') {
		const { totalRows } = report;
		const stored = { ...report, errors: report.errors.slice(0, 100), preview: [] };
		await tx
			.update(warrantyImports)
			.set({
				status: 'imported',
				filePath: null,
				totalRows,
				validRows: report.validRows,
				errorRows: report.errorRows,
				createdCount: report.created,
				report: stored,
				importedBy: options.actorId,
				importedAt: new Date(),
				updatedAt: new Date()
			})
			.where(eq(warrantyImports.id, batch.id));
		// One event for the batch, not one per card: consumers (search, webhooks) read the
		// batch's warranties by import id, and a million outbox rows would swamp them.
		await recordChange(tx, {
			entityType: 'warranty_import',
			entityId: batch.id,
			action: 'imported',
			actorId: options.actorId,
			changes: {
				fileName: batch.fileName,
				totalRows,
				created: report.created,
				errorRows: report.errorRows
			},
			type: 'warranty.imported',
			payload: {
				importId: batch.id,
				created: report.created,
				unitsCreated: report.unitsCreated,
				customersCreated: report.customersCreated
			}
		});
	}
	return report;
}

/**
 * Marks staged rows whose warranty serial already exists (outside this batch) as errors. In a
 * commit this runs only when fewer rows were created than staged, so the usual case costs nothing.
 */
async function markExisting(
	tx: Executor,
	report: ImportReport,
	importId: number | null
): Promise<void> {
	const rows = await query<{ row_no: number; serial: string; n: number }>(
		tx,
		sql`select s.row_no, s.serial, count(*) over ()::int as n
			from ${sql.raw(STAGE_TABLE)} s join warranty w on w.serial_norm = s.serial_norm
			${importId === null ? sql`` : sql`where w.import_id is distinct from ${importId}`}
			order by s.row_no limit ${MAX_LISTED_ERRORS}`
	);
	const total = rows[0]?.n ?? 0;
	if (!total) return;
	report.validRows -= total;
	report.errorRows += total;
	report.errorCounts.already_exists += total;
	const error: RowError = { kind: 'already_exists', field: 'warrantySerial' };
	for (const r of rows) {
		if (report.errors.length < MAX_LISTED_ERRORS)
			report.errors.push({ row: r.row_no, serial: r.serial, errors: [error] });
		const shown = report.preview.find((p) => p.row === r.row_no);
		if (shown) shown.errors.push(error);
	}
}

async function count(tx: Executor, statement: ReturnType<typeof sql>): Promise<number> {
	const [row] = await query<{ n: number }>(tx, statement);
	return Number(row?.n ?? 0);
}

/** Customers for mobiles not seen before, named by the mobile as Iranians write it (0912 345 6789). */
async function insertCustomers(tx: Executor): Promise<number> {
	return count(
		tx,
		sql`with ins as (
			insert into customer (name, mobile, name_norm)
			select display, mobile, display from (
				select distinct mobile,
					'0' || substr(mobile, 4, 3) || ' ' || substr(mobile, 7, 3) || ' ' || substr(mobile, 10) as display
				from ${sql.raw(STAGE_TABLE)} where mobile is not null
			) m
			on conflict (mobile) do nothing
			returning 1
		) select count(*)::int as n from ins`
	);
}

// The customer of a staged row, by the unique mobile index; most rows have no mobile and skip the lookup.
const rowCustomer = sql`case when s.mobile is not null then (select c.id from customer c where c.mobile = s.mobile) end`;

/** Units (product + serial) not known yet; a new unit's owner is the row's customer. */
async function insertUnits(tx: Executor, hasMobiles: boolean): Promise<number> {
	return count(
		tx,
		sql`with ins as (
			insert into unit (product_id, serial, serial_norm, sale_date, owner_id)
			select s.product_id, s.product_serial, s.product_serial_norm, s.sale_date, ${hasMobiles ? rowCustomer : sql`null::int`}
			from ${sql.raw(STAGE_TABLE)} s
			on conflict (product_id, serial_norm) do nothing
			returning 1
		) select count(*)::int as n from ins`
	);
}

/**
 * The chunk's warranties, skipping serials that exist; first holders get an assignment row.
 * Each row finds its unit through the unique (product, serial) index: a hash of the whole unit
 * table per chunk would grow with the table, not with the file. Also counts the created cards
 * that are still pending although their unit already had a date, which only a later step fixes.
 */
async function insertWarranties(
	tx: Executor,
	importId: number,
	actorId: number | null,
	hasMobiles: boolean
): Promise<Inserted> {
	const [row] = await query<{ staged: number; created: number; dated_later: number }>(
		tx,
		sql`with ins as (
			insert into warranty (serial, serial_norm, type_id, unit_id, customer_id, sale_date, registered_at,
				activated_at, starts_on, ends_on, grace_ends_on, import_id, created_by)
			select s.serial, s.serial_norm, s.type_id, u.id, ${hasMobiles ? rowCustomer : sql`null::int`},
				coalesce(s.sale_date, u.sale_date), s.registered_at, u.activation_date,
				s.starts_on, s.ends_on, s.grace_ends_on, ${importId}::int, ${actorId}::int
			from ${sql.raw(STAGE_TABLE)} s
			cross join lateral (
				select u.id, u.sale_date, u.activation_date from unit u
				where u.product_id = s.product_id and u.serial_norm = s.product_serial_norm
				limit 1
			) u
			on conflict (serial_norm) do nothing
			returning id, customer_id, type_id, starts_on is null and sale_date is not null as sale_known,
				starts_on is null and activated_at is not null as activation_known
		), assigned as (
			insert into warranty_assignment (warranty_id, customer_id, note, actor_id)
			select id, customer_id, ${`import #${importId}`}, ${actorId}::int from ins where customer_id is not null
			returning 1
		) select (select count(*) from ${sql.raw(STAGE_TABLE)})::int as staged, count(*)::int as created,
			count(*) filter (where (t.start_rule = 'sale' and sale_known)
				or (t.start_rule = 'activation' and activation_known))::int as dated_later
		from ins join warranty_type t on t.id = ins.type_id`
	);
	return {
		staged: row?.staged ?? 0,
		created: row?.created ?? 0,
		datedLater: row?.dated_later ?? 0,
		units: 0
	};
}

/** What the reader noticed about a chunk while reading it. */
interface ChunkStats {
	/** Some row names a customer mobile. */
	mobiles: boolean;
	/** Product and serial of each unit named so far, in typed arrays rather than JS strings. */
	units: CompactStringSet;
	/** Some unit has more than one card in the chunk. */
	unitRepeats: boolean;
}

/** What inserting a chunk's cards did. */
interface Inserted {
	staged: number;
	created: number;
	/** Created cards still pending although their unit already had a date (a later step fixes them). */
	datedLater: number;
	/** Units created on the way (fresh path only). */
	units: number;
}

/**
 * The chunk's units and cards in one statement, assuming all of them are new: plain inserts with
 * no conflict arbitration, and each card takes its unit's id from the unit insert's RETURNING
 * instead of looking it up (per row that saves three index searches of the eleven or so the
 * careful path makes). A unit with two cards in the chunk is created once, from its first row;
 * the sort that takes costs a tenth of the statement, so it runs only when the reader saw such
 * a repeat. Runs in a savepoint; if any unit or card already exists the unique index
 * refuses it, the savepoint is rolled back and `null` tells the caller to take the careful path.
 */
async function insertFresh(
	batchTx: BatchTransaction,
	importId: number,
	actorId: number | null,
	{ mobiles: hasMobiles, unitRepeats }: ChunkStats
): Promise<Inserted | null> {
	try {
		const [row] = await batchTx.savepoint((tx) =>
			query<{
				units: number;
				staged: number;
				created: number;
				dated_later: number;
			}>(
				tx,
				sql`with new_units as (
				insert into unit (product_id, serial, serial_norm, sale_date, owner_id)
				select ${unitRepeats ? sql`distinct on (s.product_id, s.product_serial_norm)` : sql``}
					s.product_id, s.product_serial, s.product_serial_norm, s.sale_date, ${hasMobiles ? rowCustomer : sql`null::int`}
				from ${sql.raw(STAGE_TABLE)} s
				${unitRepeats ? sql`order by s.product_id, s.product_serial_norm, s.row_no` : sql``}
				returning id, product_id, serial_norm, sale_date
			), ins as (
				insert into warranty (serial, serial_norm, type_id, unit_id, customer_id, sale_date, registered_at,
					starts_on, ends_on, grace_ends_on, import_id, created_by)
				select s.serial, s.serial_norm, s.type_id, u.id, ${hasMobiles ? rowCustomer : sql`null::int`},
					coalesce(s.sale_date, u.sale_date), s.registered_at,
					s.starts_on, s.ends_on, s.grace_ends_on, ${importId}::int, ${actorId}::int
				from ${sql.raw(STAGE_TABLE)} s
				join new_units u on u.product_id = s.product_id and u.serial_norm = s.product_serial_norm
				returning id, customer_id, type_id, starts_on is null and sale_date is not null as sale_known
			), assigned as (
				insert into warranty_assignment (warranty_id, customer_id, note, actor_id)
				select id, customer_id, ${`import #${importId}`}, ${actorId}::int from ins where customer_id is not null
				returning 1
			) select (select count(*) from new_units)::int as units,
				(select count(*) from ${sql.raw(STAGE_TABLE)})::int as staged, count(*)::int as created,
				count(*) filter (where t.start_rule = 'sale' and sale_known)::int as dated_later
			from ins join warranty_type t on t.id = ins.type_id`
			)
		);
		return {
			units: row?.units ?? 0,
			staged: row?.staged ?? 0,
			created: row?.created ?? 0,
			datedLater: row?.dated_later ?? 0
		};
	} catch (error) {
		if (isUniqueViolation(error)) return null;
		throw error;
	}
}

/**
 * Rows the file left pending (no sale date) can still start from what an existing unit already
 * knows: its sale or activation date. Only the pending rows are looked at.
 */
async function startFromKnownUnitDates(tx: Executor, importId: number): Promise<void> {
	const rows = await query<{
		id: number;
		sale_date: string | Date | null;
		registered_at: string | Date | null;
		activated_at: string | Date | null;
		start_rule: 'sale' | 'registration' | 'activation';
		months: number;
		days: number;
		grace_days: number;
	}>(
		tx,
		sql`select w.id, w.sale_date, w.registered_at, w.activated_at, t.start_rule, t.months, t.days, t.grace_days
			from ${sql.raw(STAGE_TABLE)} s
			join warranty w on w.serial_norm = s.serial_norm and w.import_id = ${importId}
			join warranty_type t on t.id = w.type_id
			where s.starts_on is null
				and ((t.start_rule = 'sale' and w.sale_date is not null)
					or (t.start_rule = 'activation' and w.activated_at is not null))`
	);
	if (!rows.length) return;
	const toDate = (v: string | Date | null) =>
		v === null ? null : v instanceof Date ? v : new Date(v);
	const updates = rows.map((r) => {
		const period = periodColumns(
			{ startRule: r.start_rule, months: r.months, days: r.days, graceDays: r.grace_days },
			{
				saleDate: toDate(r.sale_date),
				registeredAt: toDate(r.registered_at),
				activatedAt: toDate(r.activated_at)
			}
		);
		return { id: r.id, ...period };
	});
	// One JSON parameter per batch of rows: both drivers pass it the same way.
	for (let i = 0; i < updates.length; i += 5_000) {
		const part = JSON.stringify(updates.slice(i, i + 5_000));
		await tx.execute(sql`
			update warranty w set starts_on = v."startsOn", ends_on = v."endsOn", grace_ends_on = v."graceEndsOn"
			from jsonb_to_recordset(${part}::jsonb)
				as v(id int, "startsOn" timestamptz, "endsOn" timestamptz, "graceEndsOn" timestamptz)
			where w.id = v.id`);
	}
}

/** Imports of a user (or everyone, for admins), newest first, for the import page's list. */
export async function listRecentImports(
	createdBy: number | null,
	limit = 20
): Promise<WarrantyImport[]> {
	const db = await getDb();
	return db
		.select()
		.from(warrantyImports)
		.where(createdBy === null ? undefined : and(eq(warrantyImports.createdBy, createdBy)))
		.orderBy(sql`${warrantyImports.id} desc`)
		.limit(limit);
}
