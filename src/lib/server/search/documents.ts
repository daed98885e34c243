/**
 * Search documents, recomputed from the service tables: one INSERT … SELECT … ON CONFLICT DO
 * UPDATE per document table for a set of requests, so a write and its documents commit together.
 * A request's documents are small in number (itself, its orders, their work logs), so refreshing
 * the whole family on every event is cheap and never leaves a sibling stale.
 */
import { sql, type SQL } from 'drizzle-orm';
import { STATUSES } from '#lib/domain/lifecycle';
import type { Executor } from '../db';
import { ORDER_STATUSES, WORK_LOG_STATUSES } from '../db/schema';
import { foldSql, intArray, keySql } from './fold-sql';
import { rowsOf } from './rows';
import type { SearchKind } from './params';

export const DOCUMENT_TABLES: Record<SearchKind, string> = {
	requests: 'search_request',
	orders: 'search_order',
	'work-logs': 'search_work_log'
};

/**
 * The date filter column each document table writes from the same value as its `created_at`: a
 * request's reception date is its creation (`r.created_at`), an order's date is its creation
 * (`o.created_at`). The Postgres engine repeats a range on the twin as a range on `created_at`,
 * so changing either column below means changing this map in the same commit.
 */
export const CREATED_AT_TWIN: Record<SearchKind, 'received_at' | 'ordered_at' | null> = {
	requests: 'received_at',
	orders: 'ordered_at',
	'work-logs': null
};

const rank = (statuses: readonly string[], expr: string) =>
	sql.raw(`coalesce(array_position(${textArrayRaw(statuses)}, ${expr}), 0)`);
function textArrayRaw(values: readonly string[]): string {
	return `array[${values.map((v) => `'${v}'`).join(',')}]::text[]`;
}

// The request side every document shares: request r, product p, list l, customer c, unit u, warranty w.
const REQUEST_JOINS = sql.raw(`
	from service_request r
	join product p on p.id = r.product_id
	left join request_list l on l.id = r.list_id
	left join customer c on c.id = r.customer_id
	left join unit u on u.id = r.unit_id
	left join warranty w on w.id = r.warranty_id`);

/** Part names and tagged part serials of the work logs matched by `where` (aliases wl, wp). */
function partsLateral(where: string): SQL {
	return sql`left join lateral (
		select string_agg(distinct pp.name_fa || ' ' || pp.name_en, ' ') as names,
			array_agg(distinct 'ps:' || ${keySql(sql.raw('s.serial'))}) filter (where ${keySql(sql.raw('s.serial'))} <> '') as keys
		from work_log wl2
		join work_log_part wp on wp.work_log_id = wl2.id
		join product pp on pp.id = wp.product_id
		cross join lateral (values (wp.new_serial), (wp.removed_serial)) as s(serial)
		where ${sql.raw(where)}
	) parts on true`;
}

/** Tagged identifier keys of the request side plus the parts' serials. */
const KEYS = sql`array_remove(array[
		'f:' || ${keySql(sql.raw('r.form_number'))},
		case when l.list_number is not null then 'l:' || ${keySql(sql.raw('l.list_number'))} end,
		case when u.serial_norm is not null then 'p:' || u.serial_norm end,
		case when w.serial_norm is not null then 'w:' || w.serial_norm end,
		case when c.mobile is not null then 'm:0' || substr(c.mobile, 4) end,
		'c:' || ${keySql(sql.raw('p.code'))}
	], null) || coalesce(parts.keys, '{}'::text[])`;

/** Columns (in insert order) with the expression that computes each, shared by every kind. */
function sharedColumns(o: string, extraText: SQL): [string, SQL][] {
	return [
		['request_id', sql.raw('r.id')],
		['branch_id', sql.raw('r.branch_id')],
		['counter_id', sql.raw('r.counter_id')],
		['agency_id', sql.raw('r.agency_id')],
		['channel', sql.raw('r.channel')],
		['customer_id', sql.raw('r.customer_id')],
		['product_id', sql.raw('r.product_id')],
		['list_id', sql.raw('r.list_id')],
		['technician_id', sql.raw(`${o}.technician_id`)],
		['priority_id', sql.raw(`${o}.priority_id`)],
		['service_type_id', sql.raw(`${o}.service_type_id`)],
		['form_number', sql.raw('r.form_number')],
		['list_number', sql.raw('l.list_number')],
		['customer_name', sql.raw(`coalesce(c.name, '')`)],
		['customer_mobile', sql.raw('c.mobile')],
		['deliverer_name', sql.raw('r.deliverer_name')],
		['product_code', sql.raw('p.code')],
		['product_name_fa', sql.raw('p.name_fa')],
		['product_name_en', sql.raw('p.name_en')],
		['unit_serial', sql.raw('u.serial')],
		['warranty_serial', sql.raw('w.serial')],
		['part_names', sql.raw(`coalesce(parts.names, '')`)],
		['coverage', sql.raw('r.coverage')],
		['in_warranty', sql.raw(`r.coverage in ('active', 'grace')`)],
		['replacement_flag', sql.raw('r.replacement_flag')],
		['due_at', sql.raw(`${o}.due_at`)],
		['resolved_at', sql.raw(`${o}.closed_at`)],
		['resolved_late', sql.raw(`coalesce(${o}.closed_at > ${o}.due_at, false)`)],
		// The twins of the requests' and orders' created_at (CREATED_AT_TWIN).
		['received_at', sql.raw('r.created_at')],
		['ordered_at', sql.raw(`${o}.created_at`)],
		['customer_norm', foldSql(sql.raw('c.name'))],
		['deliverer_norm', foldSql(sql.raw('r.deliverer_name'))],
		['parts_norm', foldSql(sql.raw('parts.names'))],
		[
			'text_norm',
			foldSql(
				sql`concat_ws(' ', c.name, r.deliverer_name, p.name_fa, p.name_en, r.complaint, parts.names, ${extraText})`
			)
		],
		['keys', KEYS],
		['serials', sql`' ' || array_to_string(${KEYS}, ' ') || ' '`],
		['indexed_at', sql.raw('now()')]
	];
}

function upsert(table: string, columns: [string, SQL][], from: SQL): SQL {
	const names = columns.map(([name]) => name);
	const values = sql.join(
		columns.map(([, expr]) => expr),
		sql`, `
	);
	const updates = names.filter((n) => n !== 'id').map((n) => `${n} = excluded.${n}`);
	return sql`insert into ${sql.raw(table)} (${sql.raw(names.join(', '))})
		select ${values} ${from}
		on conflict (id) do update set ${sql.raw(updates.join(', '))}`;
}

// The request's current order: the newest one still in force, else the newest of all.
const CURRENT_ORDER = sql.raw(`left join lateral (
		select * from service_order o1 where o1.request_id = r.id
		order by (o1.status in ('reassigned', 'cancelled')), o1.id desc limit 1
	) o on true`);

/** The statement that (re)writes the request documents of the requests matched by `where`. */
export function requestDocumentsSql(where: SQL): SQL {
	const columns: [string, SQL][] = [
		['id', sql.raw('r.id')],
		['status', sql.raw('r.status')],
		['status_rank', rank(STATUSES, 'r.status')],
		...sharedColumns('o', sql.raw('null')),
		['created_at', sql.raw('r.created_at')],
		['complaint', sql.raw('r.complaint')]
	];
	return upsert(
		'search_request',
		columns,
		sql`${REQUEST_JOINS} ${CURRENT_ORDER} ${partsLateral('wl2.request_id = r.id')} where ${where}`
	);
}

/** The statement that (re)writes the order documents of the orders of the requests matched by `where`. */
export function orderDocumentsSql(where: SQL): SQL {
	const columns: [string, SQL][] = [
		['id', sql.raw('o.id')],
		['status', sql.raw('o.status')],
		['status_rank', rank(ORDER_STATUSES, 'o.status')],
		...sharedColumns('o', sql.raw('o.note')),
		['created_at', sql.raw('o.created_at')],
		['request_status', sql.raw('r.status')],
		['service_id', sql.raw('o.service_id')],
		['work_type_id', sql.raw('o.work_type_id')],
		['complaint', sql.raw('r.complaint')]
	];
	return upsert(
		'search_order',
		columns,
		sql`${REQUEST_JOINS} join service_order o on o.request_id = r.id ${partsLateral('wl2.order_id = o.id')} where ${where}`
	);
}

/** The statement that (re)writes the work-log documents of the requests matched by `where`. */
export function workLogDocumentsSql(where: SQL): SQL {
	const columns: [string, SQL][] = [
		['id', sql.raw('wl.id')],
		['status', sql.raw('wl.status')],
		['status_rank', rank(WORK_LOG_STATUSES, 'wl.status')],
		...sharedColumns('o', sql.raw('wl.description')),
		['created_at', sql.raw('wl.created_at')],
		['order_id', sql.raw('wl.order_id')],
		['request_status', sql.raw('r.status')],
		['duration_minutes', sql.raw('wl.duration_minutes')],
		['is_rework', sql.raw('wl.is_rework')],
		['description', sql.raw('wl.description')]
	];
	// A work log's technician is whoever logged it, which after a reassignment is not the order's.
	const technician = columns.findIndex(([name]) => name === 'technician_id');
	columns[technician] = ['technician_id', sql.raw('wl.technician_id')];
	return upsert(
		'search_work_log',
		columns,
		sql`${REQUEST_JOINS} join work_log wl on wl.request_id = r.id join service_order o on o.id = wl.order_id
			${partsLateral('wl2.id = wl.id')} where ${where}`
	);
}

/** Rewrites every document of the given requests (the request, its orders, their work logs). */
export async function refreshRequestFamilies(
	tx: Executor,
	requestIds: readonly number[]
): Promise<void> {
	const ids = [...new Set(requestIds)];
	if (!ids.length) return;
	const where = sql`r.id = any(${intArray(ids)})`;
	await tx.execute(requestDocumentsSql(where));
	await tx.execute(orderDocumentsSql(where));
	await tx.execute(workLogDocumentsSql(where));
}

/** Rewrites every document of every request, in batches of request ids (reindexing, repairs). */
export async function refreshAllDocuments(
	db: Executor,
	options: { batch?: number; onProgress?: (done: number) => void } = {}
): Promise<number> {
	const batch = options.batch ?? 5_000;
	let last = 0;
	let done = 0;
	for (;;) {
		const rows = rowsOf<{ id: number }>(
			await db.execute(
				sql`select id from service_request where id > ${last} order by id limit ${batch}`
			)
		);
		const ids = rows.map((r) => Number(r.id));
		if (!ids.length) return done;
		const where = sql`r.id between ${ids[0]} and ${ids[ids.length - 1]}`;
		await db.execute(requestDocumentsSql(where));
		await db.execute(orderDocumentsSql(where));
		await db.execute(workLogDocumentsSql(where));
		last = ids[ids.length - 1]!;
		done += ids.length;
		options.onProgress?.(done);
	}
}
