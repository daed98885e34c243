// Search as users meet it: documents in step with writes (same transaction), the SQL fold equal
// to the query fold, URL round-trips, saved searches, the API, and streamed exports.
import type { RequestEvent } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldText } from '#lib/domain/search-normalize';
import type { Actor } from '#lib/server/auth/access';
import { getDb } from '#lib/server/db';
import { recordChange } from '#lib/server/events/record';
import { search } from '#lib/server/search';
import { foldSql } from '#lib/server/search/fold-sql';
import { parseLenient, toQueryString } from '#lib/server/search/params';
import { deleteSavedSearch, listSavedSearches, saveSearch } from '#lib/server/search/saved';
import { rowsOf } from '#lib/server/search/rows';
import { receiveRequest, updateRequestDetails } from '#lib/server/service/reception';
import * as requestsApi from '../../src/routes/api/v1/search/requests/+server';
import * as workLogsApi from '../../src/routes/api/v1/search/work-logs/+server';
import { buildWorld, type World } from './service-fixtures';
import { seedSearchWorld, type SearchWorld } from './search-fixtures';

let world: World;
let sw: SearchWorld;

beforeAll(async () => {
	world = await buildWorld();
	sw = await seedSearchWorld(world);
});

async function api(
	handler: (event: RequestEvent) => Promise<Response>,
	actor: Actor | null,
	query: string,
	language = 'en'
) {
	const url = new URL(`http://desk.test/api/v1/search/x?${query}`);
	const request = new Request(url, { headers: { 'accept-language': language } });
	const event = {
		request,
		url,
		params: {},
		locals: { actor, locale: language },
		getClientAddress: () => '127.0.0.1'
	} as unknown as RequestEvent;
	return handler(event);
}

describe('documents follow the writes', () => {
	it('finds a request right after reception, in the same transaction, and after an edit', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const received = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			delivererName: 'نگار صدري',
			complaint: 'يخچال صدای تق‌تق می‌دهد'
		});
		const byName = await search(world.actors.reception, 'requests', { q: 'نگار صدری' });
		expect(byName.items.map((h) => h.id)).toEqual([received.id]);
		expect(byName.items[0]!.status).toBe('awaiting_assignment');
		await updateRequestDetails(world.actors.reception, received.id, {
			version: received.version,
			complaint: 'درب بسته نمی‌شود'
		});
		expect((await search(world.actors.reception, 'requests', { q: 'تق تق' })).items).toEqual([]);
		expect(
			(await search(world.actors.reception, 'requests', { q: 'درب بسته' })).items.map((h) => h.id)
		).toEqual([received.id]);
	});

	it('leaves no document behind when the transaction rolls back', async () => {
		const db = await getDb();
		const before = (await search(world.actors.supervisor, 'requests', { q: sw.r3.formNumber }))
			.items[0]!;
		await expect(
			db.transaction(async (tx) => {
				await tx.execute(
					sql`update service_request set status = 'cancelled' where id = ${sw.r3.id}`
				);
				await recordChange(tx, {
					entityType: 'service_request',
					entityId: sw.r3.id,
					action: 'status_changed',
					actorId: world.actors.supervisor.user.id,
					type: 'service_request.status_changed',
					branchId: sw.r3.branchId
				});
				const inside = rowsOf<{ status: string }>(
					await tx.execute(sql`select status from search_request where id = ${sw.r3.id}`)
				);
				expect(inside[0]!.status).toBe('cancelled');
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		const after = (await search(world.actors.supervisor, 'requests', { q: sw.r3.formNumber }))
			.items[0]!;
		expect(after.status).toBe(before.status);
	});
});

describe('normalisation', () => {
	it('folds stored text in SQL exactly as queries are folded', async () => {
		const db = await getDb();
		const samples = [
			'علي كريمي',
			'يخـــچال ٢ درب',
			'می‌زند، برفک (زیاد)',
			'مُحَمَّد',
			'تأیید شد؛ فوراً',
			'Samsung RT-۴۲۰',
			'ﻙﻻ'
		];
		for (const sample of samples) {
			const [row] = rowsOf<{ folded: string }>(
				await db.execute(sql`select ${foldSql(sql`${sample}::text`)} as folded`)
			);
			expect(row!.folded).toBe(foldText(sample));
		}
	});
});

describe('filters in the URL', () => {
	it('read back the same from their canonical query string', () => {
		const typed = new URLSearchParams(
			'q=علي&status=awaiting_qc&status=delivered&channel=phone,online&receivedFrom=۱۴۰۴/۱۰/۰۱&receivedTo=2026-02-28&warranty=out&replacementFlag=on&sort=form&limit=۲۰'
		);
		const first = parseLenient('requests', typed);
		expect(first.invalid).toEqual([]);
		const canonical = toQueryString(first.params);
		expect(canonical).toContain('receivedFrom=2025-12-22');
		expect(canonical).toContain('status=awaiting_qc%2Cdelivered');
		const again = parseLenient('requests', new URLSearchParams(canonical));
		expect(again.params).toEqual(first.params);
		expect(toQueryString(again.params)).toBe(canonical);
	});

	it('drops and names invalid filters instead of failing the page', () => {
		const { params, invalid } = parseLenient(
			'orders',
			new URLSearchParams('status=nope&technicianId=x&q=ok')
		);
		expect(invalid.sort()).toEqual(['status', 'technicianId']);
		expect(params.q).toBe('ok');
	});
});

describe('saved searches', () => {
	it('are per user and page, stored canonical, and refuse a duplicate name', async () => {
		const me = world.actors.reception;
		const saved = await saveSearch(me, 'requests', {
			name: 'منتظر QC',
			query: '?status=awaiting_qc&cursor=abc&receivedFrom=۱۴۰۴/۱۰/۰۱'
		});
		expect(saved.query).toBe('receivedFrom=2025-12-22&status=awaiting_qc');
		await expect(saveSearch(me, 'requests', { name: 'منتظر QC', query: '' })).rejects.toMatchObject(
			{ status: 409 }
		);
		expect((await listSavedSearches(me, 'requests')).map((s) => s.name)).toEqual(['منتظر QC']);
		expect(await listSavedSearches(me, 'orders')).toEqual([]);
		expect(await listSavedSearches(world.actors.qc, 'requests')).toEqual([]);
		await expect(deleteSavedSearch(world.actors.qc, saved.id)).rejects.toMatchObject({
			status: 404
		});
		await deleteSavedSearch(me, saved.id);
		expect(await listSavedSearches(me, 'requests')).toEqual([]);
	});
});

describe('search API', () => {
	it('searches with the page parameters, in the caller’s scope', async () => {
		const response = await api(
			requestsApi.GET,
			world.actors.supervisor,
			`productSerial=${encodeURIComponent('۱۲۳۴۵۶')}`
		);
		expect(response.status).toBe(200);
		const body = (await response.json()) as { items: { id: number; formNumber: string }[] };
		expect(body.items.map((h) => h.id)).toEqual([sw.r1.id]);
		expect(body.items[0]!.formNumber).toBe(sw.r1.formNumber);
		const other = await api(requestsApi.GET, world.actors.receptionB, `productSerial=123456`);
		expect(((await other.json()) as { items: unknown[] }).items).toEqual([]);
	});

	it('answers 422 with the field for a bad parameter, and 403 without the permission', async () => {
		const bad = await api(requestsApi.GET, world.actors.supervisor, 'receivedFrom=1404/13/40');
		expect(bad.status).toBe(422);
		const problem = (await bad.json()) as { error: { fields: Record<string, string> } };
		expect(problem.error.fields.receivedFrom).toBeTruthy();
		const denied = await api(workLogsApi.GET, world.actors.agent, '');
		expect(denied.status).toBe(403);
		const anonymous = await api(requestsApi.GET, null, '');
		expect(anonymous.status).toBe(401);
	});

	it('streams every page as CSV with Persian headers for a Persian caller', async () => {
		const response = await api(
			requestsApi.GET,
			world.actors.supervisor,
			`branchId=${world.branchA.id}&limit=5&format=csv`,
			'fa'
		);
		expect(response.headers.get('content-type')).toContain('text/csv');
		const text = await response.text();
		const lines = text
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(lines[0]!.split(',')[0]).toBe('شماره فرم');
		const branchA = await search(world.actors.supervisor, 'requests', {
			branchId: world.branchA.id,
			limit: 200
		});
		expect(lines).toHaveLength(branchA.items.length + 1);
		expect(text).toContain(sw.r1.formNumber);
	});

	it('streams XLSX with the visible columns', async () => {
		const response = await api(workLogsApi.GET, world.actors.supervisor, 'format=xlsx', 'en');
		expect(response.headers.get('content-type')).toContain('spreadsheetml');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
		const sheet = workbook.worksheets[0]!;
		expect(sheet.getRow(1).getCell(1).value).toBe('Form number');
		const forms = sheet.getColumn(1).values.slice(2);
		expect(forms).toEqual(expect.arrayContaining([sw.r1.formNumber, sw.r2.formNumber]));
	});
});
