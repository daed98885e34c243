/**
 * Loading validated rows into a per-transaction staging table, a chunk at a time, the fast way
 * each driver allows: `COPY … FROM STDIN` on PostgreSQL, multi-row `INSERT … SELECT FROM
 * unnest(…)` on PGlite. From staging, set-based statements create customers, units and
 * warranties in the same transaction, so a batch commits whole or not at all.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { Sql, TransactionSql } from 'postgres';
import { connect, schema, type Db, type Driver, type Executor } from '../db';
import type { ValidRow } from './import-parse';

export const STAGE_TABLE = 'warranty_import_stage';

const STAGE_COLUMNS = [
	'row_no',
	'serial',
	'serial_norm',
	'product_id',
	'product_serial',
	'product_serial_norm',
	'type_id',
	'sale_date',
	'mobile',
	'registered_at',
	'starts_on',
	'ends_on',
	'grace_ends_on'
] as const;

/**
 * The staging table of one batch, loaded a chunk at a time: rows are buffered in memory as they
 * are read (`add`), handed over as a chunk (`take`), and `load` replaces what staging holds with
 * that chunk. Only the chunk being loaded and the one being read are ever in memory.
 */
export interface StageLoader {
	add(row: ValidRow): void;
	/** Rows buffered since the last `take`. */
	readonly size: number;
	take(): StagedChunk;
	load(chunk: StagedChunk): Promise<void>;
}

/** Buffered rows: COPY text as UTF-8 on PostgreSQL, row objects on PGlite. */
export type StagedChunk = { bytes: Buffer[] } | { rows: ValidRow[] };

/** One batch transaction: a drizzle executor plus the staging loader of its driver. */
export interface BatchTransaction {
	tx: Executor;
	driver: Driver;
	stage: StageLoader;
	/** Runs `fn` in a savepoint: if it throws, only its own work is undone and the error is rethrown. */
	savepoint<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}

/** Rows of a raw `execute` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
	if (Array.isArray(result)) return result as T[];
	return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Runs a raw statement and returns its rows. */
export async function query<T>(tx: Executor, statement: SQL): Promise<T[]> {
	return rowsOf<T>(await tx.execute(statement));
}

const createStage = sql.raw(`
	create temp table ${STAGE_TABLE} (
		row_no integer not null,
		serial text not null,
		serial_norm text collate "C" not null,
		product_id integer not null,
		product_serial text not null,
		product_serial_norm text collate "C" not null,
		type_id integer not null,
		sale_date timestamptz,
		mobile text,
		registered_at timestamptz,
		starts_on timestamptz,
		ends_on timestamptz,
		grace_ends_on timestamptz
	) on commit drop`);

// COPY text format: backslash, tab and line breaks must be escaped; \N is NULL.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
function copyText(value: string | null): string {
	if (value === null) return '\\N';
	if (!NEEDS_ESCAPE.test(value)) return value;
	return value
		.replace(/\\/g, '\\\\')
		.replace(/\t/g, '\\t')
		.replace(/\n/g, '\\n')
		.replace(/\r/g, '\\r');
}
// Rows share a few thousand distinct days and one registration time: each is formatted once.
const isoTexts = new Map<number, string>();
function copyDate(d: Date | null): string {
	if (!d) return '\\N';
	const time = d.getTime();
	let text = isoTexts.get(time);
	if (text === undefined) {
		text = d.toISOString();
		if (isoTexts.size < 100_000) isoTexts.set(time, text);
	}
	return text;
}

function copyLine(r: ValidRow): string {
	return `${r.rowNo}\t${copyText(r.serial)}\t${r.serialNorm}\t${r.productId}\t${copyText(r.productSerial)}\t${r.productSerialNorm}\t${r.typeId}\t${copyDate(r.saleDate)}\t${r.mobile ?? '\\N'}\t${copyDate(r.registeredAt)}\t${copyDate(r.startsOn)}\t${copyDate(r.endsOn)}\t${copyDate(r.graceEndsOn)}\n`;
}

const COPY_WRITE_BYTES = 256 * 1024;
const clearStage = sql.raw(`truncate ${STAGE_TABLE}`);

// Text is sealed into UTF-8 buffers every ~32 KB: short strings die young in the JS heap, and
// a chunk waiting for the database is off-heap bytes, not strings the collector must keep.
const SEAL_CHARS = 32 * 1024;

function copyStage(tx: Executor, txSql: TransactionSql): StageLoader {
	let parts: Buffer[] = [];
	let lines: string[] = [];
	let chars = 0;
	let rows = 0;
	const seal = () => {
		if (lines.length) parts.push(Buffer.from(lines.join(''), 'utf8'));
		lines = [];
		chars = 0;
	};
	return {
		add(row) {
			const line = copyLine(row);
			lines.push(line);
			chars += line.length;
			rows++;
			if (chars >= SEAL_CHARS) seal();
		},
		get size() {
			return rows;
		},
		take() {
			seal();
			const chunk = { bytes: parts };
			parts = [];
			rows = 0;
			return chunk;
		},
		async load(chunk) {
			if (!('bytes' in chunk)) throw new Error('COPY staging takes bytes');
			await tx.execute(clearStage);
			const writable: Writable = await txSql
				.unsafe(`copy ${STAGE_TABLE} (${STAGE_COLUMNS.join(', ')}) from stdin`)
				.writable();
			const done = finished(writable);
			// Awaited below; until then an early failure must not count as an unhandled rejection.
			done.catch(() => {});
			const { bytes } = chunk;
			for (let i = 0; i < bytes.length;) {
				// Writes of ~256 KB: fewer protocol messages than one per sealed part.
				let end = i;
				let size = 0;
				while (end < bytes.length && size < COPY_WRITE_BYTES) size += bytes[end++]!.length;
				const data = end - i === 1 ? bytes[i]! : Buffer.concat(bytes.slice(i, end), size);
				bytes.fill(EMPTY, i, end);
				i = end;
				// Back-pressure: wait while PostgreSQL catches up, or stop at its error.
				if (!writable.write(data)) await Promise.race([once(writable, 'drain'), done]);
			}
			writable.end();
			await done;
		}
	};
}

const EMPTY = Buffer.alloc(0);

const UNNEST_ROWS = 5_000;

function unnestStage(tx: Executor): StageLoader {
	let buffered: ValidRow[] = [];
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	const insert = async (batch: ValidRow[]) => {
		const col = <T>(pick: (r: ValidRow) => T) => sql.param(batch.map(pick));
		await tx.execute(sql`
			insert into ${sql.raw(STAGE_TABLE)} (${sql.raw(STAGE_COLUMNS.join(', '))})
			select * from unnest(
				${col((r) => r.rowNo)}::int[], ${col((r) => r.serial)}::text[], ${col((r) => r.serialNorm)}::text[],
				${col((r) => r.productId)}::int[], ${col((r) => r.productSerial)}::text[], ${col((r) => r.productSerialNorm)}::text[],
				${col((r) => r.typeId)}::int[], ${col((r) => iso(r.saleDate))}::timestamptz[], ${col((r) => r.mobile)}::text[],
				${col((r) => iso(r.registeredAt))}::timestamptz[], ${col((r) => iso(r.startsOn))}::timestamptz[],
				${col((r) => iso(r.endsOn))}::timestamptz[], ${col((r) => iso(r.graceEndsOn))}::timestamptz[]
			)`);
	};
	return {
		add(row) {
			buffered.push(row);
		},
		get size() {
			return buffered.length;
		},
		take() {
			const chunk = { rows: buffered };
			buffered = [];
			return chunk;
		},
		async load(chunk) {
			if (!('rows' in chunk)) throw new Error('unnest staging takes rows');
			await tx.execute(clearStage);
			for (let i = 0; i < chunk.rows.length; i += UNNEST_ROWS)
				await insert(chunk.rows.slice(i, i + UNNEST_ROWS));
		}
	};
}

/** Thrown to roll a batch transaction back on purpose (a preview), carrying its result out. */
export class RollbackWith<T> extends Error {
	constructor(readonly value: T) {
		super('rollback');
	}
}

/**
 * Runs `fn` in one transaction with a staging table. On PostgreSQL the transaction is opened on
 * the postgres.js client itself so that COPY can stream on the same connection; drizzle is bound
 * to that transaction for every other statement.
 */
export async function withBatchTransaction<T>(
	fn: (batch: BatchTransaction) => Promise<T>
): Promise<T> {
	const { db, driver } = await connect();
	try {
		if (driver === 'postgres') {
			const client = (db as Db & { $client: Sql }).$client;
			return (await client.begin(async (txSql) => {
				// drizzle reads the client's type parsers from `options`, which only the pool carries;
				// the transaction shares the pool's, so it is handed the same object.
				const bind = (scope: TransactionSql) =>
					drizzlePostgres(Object.assign(scope, { options: client.options }) as unknown as Sql, {
						schema
					}) as unknown as Executor;
				const tx = bind(txSql);
				// Each chunk runs the same few statements over tens of thousands of rows: compiling them
				// to machine code costs more than it saves, every time.
				await tx.execute(sql`set local jit = off`);
				// Every statement of a batch reads the staging table whole and the big tables by key.
				// Statistics taken while those were empty (a new installation, or autovacuum looking
				// while this batch's rows were invisible to it) would make each foreign-key check scan
				// its table whole, for every row: a million-row import would never end.
				await tx.execute(sql`set local enable_seqscan = off`);
				await tx.execute(createStage);
				return fn({
					tx,
					driver,
					stage: copyStage(tx, txSql),
					// postgres.js fails the whole transaction for any statement that failed in its scope,
					// caught or not; a statement in its own savepoint scope fails only that scope.
					savepoint: (work) => txSql.savepoint((sp) => work(bind(sp))) as Promise<never>
				});
			})) as T;
		}
		return await db.transaction(async (tx) => {
			await tx.execute(createStage);
			return fn({
				tx,
				driver,
				stage: unnestStage(tx),
				savepoint: (work) => tx.transaction((sp) => work(sp))
			});
		});
	} catch (error) {
		if (error instanceof RollbackWith) return error.value as T;
		throw error;
	}
}
