/**
 * Webhook signatures: `X-Khadamat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<t>.<raw body>` with the endpoint's secret. The timestamp inside the signed text lets a
 * receiver refuse replays of an old delivery.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-khadamat-signature';

/** The signature header value for a body sent at `at`. */
export function signWebhook(secret: string, body: string, at: Date = new Date()): string {
	const t = Math.floor(at.getTime() / 1000);
	const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
	return `t=${t},v1=${mac}`;
}

/**
 * What a receiver does: true when the header carries a v1 signature of this body with this
 * secret, made within `toleranceSeconds` of `now`. Compared in constant time.
 */
export function verifyWebhookSignature(
	secret: string,
	header: string | null | undefined,
	body: string,
	options: { now?: Date; toleranceSeconds?: number } = {}
): boolean {
	if (!header) return false;
	const parts = Object.fromEntries(
		header.split(',').map((p) => {
			const at = p.indexOf('=');
			return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
		})
	);
	const t = Number(parts.t);
	const given = parts.v1 ?? '';
	if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
	const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
	if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
	const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
	return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
