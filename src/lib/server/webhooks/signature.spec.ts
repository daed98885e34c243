import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature';

const at = new Date('2026-11-27T10:00:00Z');

describe('webhook signatures', () => {
	it('signs `t.body` with HMAC-SHA256, verifiable by anyone holding the secret', () => {
		const header = signWebhook('s3cret', '{"a":1}', at);
		const t = Math.floor(at.getTime() / 1000);
		const mac = createHmac('sha256', 's3cret').update(`${t}.{"a":1}`).digest('hex');
		expect(header).toBe(`t=${t},v1=${mac}`);
		expect(verifyWebhookSignature('s3cret', header, '{"a":1}', { now: at })).toBe(true);
	});
	it('refuses another body, another secret, a stale timestamp and junk', () => {
		const header = signWebhook('s3cret', '{"a":1}', at);
		expect(verifyWebhookSignature('s3cret', header, '{"a":2}', { now: at })).toBe(false);
		expect(verifyWebhookSignature('other', header, '{"a":1}', { now: at })).toBe(false);
		const later = new Date(at.getTime() + 600_000);
		expect(verifyWebhookSignature('s3cret', header, '{"a":1}', { now: later })).toBe(false);
		expect(verifyWebhookSignature('s3cret', 't=1,v1=zz', '{}', { now: at })).toBe(false);
		expect(verifyWebhookSignature('s3cret', null, '{}', { now: at })).toBe(false);
	});
});
