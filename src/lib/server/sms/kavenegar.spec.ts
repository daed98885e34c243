import { describe, expect, it } from 'vitest';
import { KavenegarClient, kavenegarStatus } from './kavenegar';
import { SmsError } from './errors';

type Call = { url: string; body: URLSearchParams };

/** A fetch that answers like Kavenegar with the given statuses, one per call, and records calls. */
function fakeFetch(answers: (number | 'drop')[]) {
	const calls: Call[] = [];
	const impl = ((input: string | URL | Request, init?: RequestInit) => {
		calls.push({ url: String(input), body: new URLSearchParams(String(init?.body ?? '')) });
		const status = answers.shift() ?? 200;
		if (status === 'drop') return Promise.reject(new TypeError('fetch failed'));
		const entries =
			status === 200
				? [
						{
							messageid: 8792343,
							message: 'x',
							status: 1,
							statustext: 'در صف',
							sender: '10004346',
							receptor: '09121234567',
							date: 1,
							cost: 1200
						}
					]
				: null;
		return Promise.resolve(
			new Response(JSON.stringify({ return: { status, message: 'm' }, entries }), {
				status,
				headers: { 'content-type': 'application/json' }
			})
		);
	}) as typeof fetch;
	return { calls, impl };
}

const options = {
	apiKey: 'KEY/1',
	baseUrl: 'https://api.kavenegar.test/',
	timeoutMs: 1000,
	sender: '10004346'
};

describe('KavenegarClient', () => {
	it('posts form fields over the configured base URL with the key in the path', async () => {
		const f = fakeFetch([200]);
		const client = new KavenegarClient({ ...options, fetch: f.impl });
		const result = await client.send({ receptor: '09121234567', message: 'سلام', localId: '42' });
		expect(f.calls[0]!.url).toBe('https://api.kavenegar.test/v1/KEY%2F1/sms/send.json');
		expect(f.calls[0]!.body.get('localid')).toBe('42');
		expect(f.calls[0]!.body.get('sender')).toBe('10004346');
		expect(result).toMatchObject({
			messageId: '8792343',
			status: 'queued',
			providerStatus: 1,
			cost: 1200
		});
	});

	it('maps error codes to clear, typed errors', async () => {
		for (const [status, code] of [
			[418, 'no_credit'],
			[411, 'bad_receptor'],
			[403, 'unauthorized'],
			[424, 'template_not_found']
		] as const) {
			const client = new KavenegarClient({ ...options, fetch: fakeFetch([status]).impl });
			await expect(client.send({ receptor: '0912', message: 'x' })).rejects.toMatchObject({
				code,
				providerStatus: status
			});
		}
	});

	it('retries only what is safe to repeat', async () => {
		// With a localid a lost answer is retried (Kavenegar deduplicates); without one it is not.
		const safe = fakeFetch(['drop', 200]);
		await new KavenegarClient({ ...options, fetch: safe.impl }).send({
			receptor: '09121234567',
			message: 'x',
			localId: '7'
		});
		expect(safe.calls).toHaveLength(2);
		const unsafe = fakeFetch(['drop', 200]);
		await expect(
			new KavenegarClient({ ...options, fetch: unsafe.impl }).send({
				receptor: '09121234567',
				message: 'x'
			})
		).rejects.toBeInstanceOf(SmsError);
		expect(unsafe.calls).toHaveLength(1);
		// A definite refusal is never retried.
		const refused = fakeFetch([418, 200]);
		await expect(
			new KavenegarClient({ ...options, fetch: refused.impl }).send({
				receptor: '09121234567',
				message: 'x',
				localId: '8'
			})
		).rejects.toMatchObject({ code: 'no_credit' });
		expect(refused.calls).toHaveLength(1);
	});

	it('folds Kavenegar message statuses', () => {
		expect(kavenegarStatus(10)).toBe('delivered');
		expect(kavenegarStatus(11)).toBe('failed');
		expect(kavenegarStatus(14)).toBe('blocked');
		expect(kavenegarStatus(4)).toBe('sent');
		expect(kavenegarStatus(100)).toBe('unknown');
	});
});
