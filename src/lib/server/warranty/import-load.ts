/**
 * Loading validated rows into a per-transaction staging table, the fast way each driver allows:
 * `COPY … FROM STDIN` on PostgreSQL, multi-row `INSERT … SELECT FROM unnest(…)` on PGlite.
 * From staging, set-based statements create customers, units and warranties in the same
 * transaction, so a batch commits whole or not at all.
 */
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

/** Receives valid rows in file order; `end` flushes and waits until the database has them all. */
export interface StageWriter {
	write(row: ValidRow): Promise<void> | void;
	end(): Promise<void>;
	/** Abandons the load (the transaction is about to roll back); a COPY in flight is cancelled. */
	abort(error: unknown): Promise<void>;
}

/** One batch transaction: a drizzle executor plus the staging loader of its driver. */
export interface BatchTransaction {
	tx: Executor;
	driver: Driver;
	openStage(): Promise<StageWriter>;
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
		serial_norm text not null,
		product_id integer not null,
		product_serial text not null,
		product_serial_norm text not null,
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
const copyDate = (d: Date | null) => (d ? d.toISOString() : '\\N');

function copyLine(r: ValidRow): string {
	return `${r.rowNo}\t${copyText(r.serial)}\t${r.serialNorm}\t${r.productId}\t${copyText(r.productSerial)}\t${r.productSerialNorm}\t${r.typeId}\t${copyDate(r.saleDate)}\t${r.mobile ?? '\\N'}\t${copyDate(r.registeredAt)}\t${copyDate(r.startsOn)}\t${copyDate(r.endsOn)}\t${copyDate(r.graceEndsOn)}\n`;
}

const COPY_FLUSH_CHARS = 256 * 1024;

function asError(value: unknown): Error {
	return value instanceof Error ? value : new Error(String(value));
}

async function openCopyStage(txSql: TransactionSql): Promise<StageWriter> {
	const writable: Writable = await txSql
		.unsafe(`copy ${STAGE_TABLE} (${STAGE_COLUMNS.join(', ')}) from stdin`)
		.writable();
	let buffer: string[] = [];
	let size = 0;
	let failure: unknown = null;
	// One pair of listeners for the whole load: whoever waits for 'drain' is also woken by an error.
	let wake: (() => void) | null = null;
	writable.on('error', (error) => {
		failure = error;
		wake?.();
	});
	writable.on('drain', () => wake?.());
	const flush = async () => {
		if (!buffer.length) return;
		const chunk = buffer.join('');
		buffer = [];
		size = 0;
		if (failure) throw asError(failure);
		// Back-pressure: parsing waits while PostgreSQL catches up, so memory stays flat.
		if (!writable.write(chunk)) {
			await new Promise<void>((resolve) => {
				wake = () => {
					wake = null;
					resolve();
				};
			});
		}
		if (failure) throw asError(failure);
	};
	return {
		write(row) {
			const line = copyLine(row);
			buffer.push(line);
			size += line.length;
			if (size >= COPY_FLUSH_CHARS) return flush();
		},
		async end() {
			await flush();
			writable.end();
			await finished(writable);
			if (failure) throw asError(failure);
		},
		async abort(error) {
			buffer = [];
			// Destroying the stream sends CopyFail, which ends the COPY so ROLLBACK can follow.
			writable.destroy(error instanceof Error ? error : new Error('import aborted'));
			await finished(writable).catch(() => {});
		}
	};
}

const UNNEST_ROWS = 5_000;

function openUnnestStage(tx: Executor): StageWriter {
	let rows: ValidRow[] = [];
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	const flush = async () => {
		if (!rows.length) return;
		const batch = rows;
		rows = [];
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
		write(row) {
			rows.push(row);
			if (rows.length >= UNNEST_ROWS) return flush();
		},
		end: flush,
		abort() {
			rows = [];
			return Promise.resolve();
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
				const bound = Object.assign(txSql, { options: client.options }) as unknown as Sql;
				const tx = drizzlePostgres(bound, { schema }) as unknown as Executor;
				// The set-based steps hash a million staged rows; the default 4 MB would spill them to disk.
				await tx.execute(sql`set local work_mem = '128MB'`);
				await tx.execute(createStage);
				return fn({ tx, driver, openStage: () => openCopyStage(txSql) });
			})) as T;
		}
		return await db.transaction(async (tx) => {
			await tx.execute(createStage);
			return fn({ tx, driver, openStage: () => Promise.resolve(openUnnestStage(tx)) });
		});
	} catch (error) {
		if (error instanceof RollbackWith) return error.value as T;
		throw error;
	}
}
