// Inbound webhooks through the production server (server.js → adapter-node → SvelteKit):
// Kavenegar forwards a received SMS as a form POST from its servers with no Origin header,
// which SvelteKit's CSRF check would refuse. server.js fills the Origin for /api/webhooks/* only.
// Sent with node:http so nothing adds an Origin behind the test's back.
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { BASE_URL, E2E_SMS_INBOUND_SECRET } from './paths';

/** A form-encoded POST with exactly the given headers (no Origin, no cookies). */
function postForm(
	path: string,
	fields: Record<string, string>
): Promise<{ status: number; body: string }> {
	const body = new URLSearchParams(fields).toString();
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			new URL(path, BASE_URL),
			{
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body)
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

test('an inbound SMS form POST without Origin is accepted; other form POSTs without one are not', async () => {
	const messageid = String(Date.now());
	const sms = {
		messageid,
		from: '09127775511',
		to: '10004346',
		message: 'پیگیری 1234'
	};
	const accepted = await postForm(`/api/webhooks/sms/kavenegar/${E2E_SMS_INBOUND_SECRET}`, sms);
	expect(accepted.status, accepted.body).toBe(200);
	expect(JSON.parse(accepted.body)).toMatchObject({ ok: true, duplicate: false });
	// It was stored: the same messageid again is recognised as a replay.
	const replay = await postForm(`/api/webhooks/sms/kavenegar/${E2E_SMS_INBOUND_SECRET}`, sms);
	expect(JSON.parse(replay.body)).toMatchObject({ ok: true, duplicate: true });
	// The secret still guards the path.
	const wrong = await postForm('/api/webhooks/sms/kavenegar/not-the-secret', {
		...sms,
		messageid: `${messageid}1`
	});
	expect(wrong.status).toBe(401);
	// Outside /api/webhooks/ a form POST without Origin still meets SvelteKit's CSRF check.
	const elsewhere = await postForm('/locale', { next: '/' });
	expect(elsewhere.status).toBe(403);
});
