/**
 * The two inbound webhooks. Both check their secret in constant time, store the message (a
 * replay is a no-op) and answer at once; the work runs as a durable job.
 */
import { timingSafeEqual } from 'node:crypto';
import { normalizeMobile } from '#lib/domain/mobile';
import { getConfig } from '../config';
import { ingestInbound } from './inbound';

function sameSecret(given: string | null | undefined, expected: string | undefined): boolean {
	if (!given || !expected) return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function json(status: number, body: Record<string, unknown>): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json' }
	});
}

/** Who a Telegram update comes from (its chat), for rate limits and throttles. */
export function updateSender(update: Record<string, unknown>): string {
	for (const key of ['message', 'edited_message', 'callback_query', 'my_chat_member']) {
		const part = update[key] as Record<string, unknown> | undefined;
		if (!part) continue;
		const chat =
			(part.chat as { id?: number } | undefined) ??
			(part.message as { chat?: { id?: number } } | undefined)?.chat ??
			undefined;
		if (chat?.id !== undefined) return String(chat.id);
		const from = part.from as { id?: number } | undefined;
		if (from?.id !== undefined) return String(from.id);
	}
	return 'unknown';
}

/**
 * POST /api/webhooks/telegram: 401 unless `X-Telegram-Bot-Api-Secret-Token` matches
 * TELEGRAM_WEBHOOK_SECRET (and 404 while no bot is configured); stores the update by update_id.
 */
export async function handleTelegramWebhook(request: Request): Promise<Response> {
	const config = getConfig();
	if (!config.TELEGRAM_BOT_TOKEN) return json(404, { error: 'not_configured' });
	if (
		!sameSecret(
			request.headers.get('x-telegram-bot-api-secret-token'),
			config.TELEGRAM_WEBHOOK_SECRET
		)
	)
		return json(401, { error: 'unauthorized' });
	let update: Record<string, unknown>;
	try {
		update = (await request.json()) as Record<string, unknown>;
	} catch {
		return json(400, { error: 'bad_json' });
	}
	if (typeof update?.update_id !== 'number') return json(400, { error: 'no_update_id' });
	const result = await ingestInbound({
		channel: 'telegram',
		externalId: String(update.update_id),
		sender: updateSender(update),
		payload: update
	});
	return json(200, { ok: true, duplicate: result.duplicate });
}

/**
 * /api/webhooks/sms/kavenegar/<secret>: Kavenegar's forwarding fields (`messageid`, `from`,
 * `to`, `message`) from the query string or a JSON/form body; stored by messageid.
 */
export async function handleKavenegarWebhook(secret: string, request: Request): Promise<Response> {
	const config = getConfig();
	if (!sameSecret(secret, config.KAVENEGAR_INBOUND_SECRET))
		return json(401, { error: 'unauthorized' });
	const fields = new Map(new URL(request.url).searchParams);
	if (request.method === 'POST') {
		const type = request.headers.get('content-type') ?? '';
		try {
			if (type.includes('application/json')) {
				const body = (await request.json()) as Record<string, unknown>;
				for (const [k, v] of Object.entries(body)) fields.set(k.toLowerCase(), String(v));
			} else {
				const form = new URLSearchParams(await request.text());
				for (const [k, v] of form) fields.set(k.toLowerCase(), v);
			}
		} catch {
			return json(400, { error: 'bad_body' });
		}
	}
	const messageId = fields.get('messageid');
	const from = normalizeMobile(fields.get('from') ?? '');
	if (!messageId || !from.ok) return json(400, { error: 'missing_fields' });
	const result = await ingestInbound({
		channel: 'sms',
		externalId: messageId,
		sender: from.value,
		payload: {
			messageid: messageId,
			from: fields.get('from') ?? '',
			to: fields.get('to') ?? '',
			message: fields.get('message') ?? ''
		}
	});
	return json(200, { ok: true, duplicate: result.duplicate });
}
