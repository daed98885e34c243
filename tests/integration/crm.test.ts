import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Actor } from '#lib/server/auth/access';
import { createAdministrator } from '#lib/server/auth/bootstrap';
import {
	createCustomer,
	customerCreateSchema,
	customerUpdateSchema,
	findCustomerByMobile,
	searchCustomers,
	updateCustomer
} from '#lib/server/crm/customers';
import { parseOrThrow } from '#lib/server/http/errors';
import { POST as postCustomer } from '../../src/routes/api/v1/customers/+server';

const create = (input: Record<string, unknown>) =>
	createCustomer(parseOrThrow(customerCreateSchema, input), null);

let clerkId: number | undefined;

/** A reception clerk calling the API with a bearer token. */
async function apiEvent(body: unknown, locale = 'en'): Promise<RequestEvent> {
	clerkId ??= (
		await createAdministrator({
			username: 'clerk',
			displayName: 'پذیرش',
			password: 'clerk-password-123'
		})
	).id;
	const actor = {
		user: { id: clerkId, branchId: null, locale: 'fa' },
		grants: { requests: 'edit' },
		sessionId: 'test',
		via: 'bearer'
	} as unknown as Actor;
	const url = new URL('http://localhost/api/v1/customers');
	return {
		request: new Request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'accept-language': locale },
			body: JSON.stringify(body)
		}),
		url,
		params: {},
		locals: { actor, locale: 'fa' }
	} as unknown as RequestEvent;
}

describe('creating customers', () => {
	it('stores any way of writing a mobile as +989xxxxxxxxx', async () => {
		const customer = await create({ name: 'مريم كاظمي', mobile: '۰۹۱۲ ۳۴۵-۶۷۸۹' });
		expect(customer.mobile).toBe('+989123456789');
		// Arabic ي/ك typed on an Arabic keyboard are stored as Persian letters.
		expect(customer.name).toBe('مریم کاظمی');
	});

	it('refuses a duplicate mobile in every digit and prefix form, offering the existing customer', async () => {
		const existing = await findCustomerByMobile('09123456789');
		for (const mobile of [
			'+98 912 345 6789',
			'00989123456789',
			'989123456789',
			'٠٩١٢٣٤٥٦٧٨٩',
			'9123456789',
			'+98 (0) 912-345-6789'
		]) {
			await expect(create({ name: 'کسی دیگر', mobile })).rejects.toMatchObject({
				status: 409,
				code: 'duplicate_mobile',
				details: { existing: { id: existing!.id, name: 'مریم کاظمی', mobile: '+989123456789' } }
			});
		}
	});

	it('answers the API with 409 and the existing customer to offer instead', async () => {
		const response = await postCustomer(
			await apiEvent({ name: 'Someone else', mobile: '+98-912-345-6789' })
		);
		expect(response.status).toBe(409);
		const body = (await response.json()) as {
			error: { code: string; message: string; existing: { id: number; name: string } };
		};
		expect(body.error.code).toBe('duplicate_mobile');
		expect(body.error.existing.name).toBe('مریم کاظمی');
		expect(body.error.message).toContain('مریم کاظمی');

		const created = await postCustomer(
			await apiEvent({ name: 'Sara Ahmadi', mobile: '0935 111 2233', locale: 'en' })
		);
		expect(created.status).toBe(201);
		expect(((await created.json()) as { mobile: string }).mobile).toBe('+989351112233');
	});

	it('rejects what is not an Iranian mobile with a clear message per field', async () => {
		const response = await postCustomer(
			await apiEvent({ name: 'X', mobile: '021-88451200', nationalId: '1234567890' })
		);
		expect(response.status).toBe(422);
		const body = (await response.json()) as { error: { fields: Record<string, string> } };
		expect(body.error.fields.mobile).toMatch(/mobile/i);
		expect(body.error.fields.nationalId).toMatch(/national id/i);
		for (const mobile of ['0912345678', '08123456789', '+1 212 555 0100', 'abc']) {
			expect(customerCreateSchema.safeParse({ name: 'x', mobile }).success).toBe(false);
		}
	});

	it('validates and normalises the national id', async () => {
		const customer = await create({
			name: 'حسن نادری',
			mobile: '09120000001',
			nationalId: '۰۰۸۴۵۷۵۹۴۸'
		});
		expect(customer.nationalId).toBe('0084575948');
	});
});

describe('finding customers', () => {
	it('finds a name typed with Arabic ي and ك, in any word order and across a ZWNJ', async () => {
		const customer = await create({ name: 'علی‌رضا یزدانی کرمانی', mobile: '09131112233' });
		expect(customer.name).toBe('علی\u200cرضا یزدانی کرمانی');
		for (const q of ['علي', 'يزداني', 'كرماني علي', 'رضا', 'علی‌رضا']) {
			const page = await searchCustomers({ q, limit: 10 });
			expect(
				page.items.map((c) => c.mobile),
				q
			).toContain('+989131112233');
		}
	});

	it('finds a customer by a mobile typed in Persian digits, whole or its beginning', async () => {
		expect(
			(await searchCustomers({ q: '۰۹۱۳۱۱۱۲۲۳۳', limit: 10 })).items.map((c) => c.name)
		).toEqual(['علی‌رضا یزدانی کرمانی']);
		expect((await searchCustomers({ q: '۰۹۱۳۱۱', limit: 10 })).items).toHaveLength(1);
		expect((await searchCustomers({ q: '+98 913 111', limit: 10 })).items).toHaveLength(1);
		expect(
			(await searchCustomers({ q: '0084575948', limit: 10 })).items.map((c) => c.name)
		).toEqual(['حسن نادری']);
	});

	it('pages through customers newest first', async () => {
		for (let i = 0; i < 5; i++) await create({ name: `مشتری ${i}`, mobile: `0990000000${i}` });
		const first = await searchCustomers({ limit: 3 });
		const second = await searchCustomers({ limit: 3, cursor: first.nextCursor! });
		expect(first.items[0]!.name).toBe('مشتری 4');
		expect(second.items[0]!.id).toBeLessThan(first.items[2]!.id);
	});
});

describe('editing customers', () => {
	it('refuses a mobile that belongs to someone else and a stale version', async () => {
		const a = await create({ name: 'الف', mobile: '09191112222' });
		const b = await create({ name: 'ب', mobile: '09191113333' });
		await expect(
			updateCustomer(b.id, parseOrThrow(customerUpdateSchema, { mobile: '+989191112222' }), null)
		).rejects.toMatchObject({
			status: 409,
			details: { existing: { id: a.id } }
		});
		const updated = await updateCustomer(
			b.id,
			parseOrThrow(customerUpdateSchema, { version: b.version, name: 'بهرام' }),
			null
		);
		expect(updated.version).toBe(b.version + 1);
		await expect(
			updateCustomer(
				b.id,
				parseOrThrow(customerUpdateSchema, { version: b.version, name: 'دیگر' }),
				null
			)
		).rejects.toMatchObject({
			status: 409,
			code: 'stale'
		});
		expect((await searchCustomers({ q: 'بهرام', limit: 5 })).items.map((c) => c.id)).toEqual([
			b.id
		]);
	});
});
