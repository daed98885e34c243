import { describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from './idempotency';

describe('idempotency fingerprints', () => {
	it('treats JSON bodies with reordered keys and spacing as the same call', () => {
		const a = requestFingerprint('POST /api/v1/x', '{"b":[1,{"d":2,"c":3}],"a":"ی"}');
		const b = requestFingerprint('POST /api/v1/x', ' { "a": "ی", "b": [1, {"c": 3, "d": 2}] } ');
		expect(a).toBe(b);
	});

	it('tells different bodies, paths and methods apart', () => {
		const base = requestFingerprint('POST /api/v1/x', '{"a":1}');
		expect(requestFingerprint('POST /api/v1/x', '{"a":2}')).not.toBe(base);
		expect(requestFingerprint('POST /api/v1/y', '{"a":1}')).not.toBe(base);
		expect(requestFingerprint('PATCH /api/v1/x', '{"a":1}')).not.toBe(base);
		expect(requestFingerprint('POST /api/v1/x', '[1,2]')).not.toBe(
			requestFingerprint('POST /api/v1/x', '[2,1]')
		);
	});

	it('falls back to the raw text for non-JSON bodies', () => {
		expect(requestFingerprint('POST /x', 'not json')).toBe(
			requestFingerprint('POST /x', 'not json')
		);
		expect(canonicalJson({ z: undefined, a: null })).toBe('{"a":null}');
	});
});
