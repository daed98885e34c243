/**
 * Inbound messages: a webhook (or the reconciliation) stores what arrived, keyed by the
 * provider's id so a replay is a no-op, and queues a job in the same transaction; the webhook
 * answers at once and the job does the work. SMS commands are handled here; Telegram updates by
 * the bot (src/bots/telegram).
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import { parseInboundCommand } from '#lib/domain/inbound-command';
import { normalizeMobile } from '#lib/domain/mobile';
import { getConfig } from '../config';
import { findCustomerByMobile } from '../crm/customers';
import { getDb } from '../db';
import { inboundMessages, type InboundMessage } from '../db/schema/notify';
import { notifyJobsQueued } from '../jobs/queue';
import { query } from '../warranty/import-load';
import type { JobContext } from '../jobs/types';
import { getSmsProvider } from '../sms/provider';
import { deliveriesQueued, queueDelivery } from './deliveries';
import {
	answerEstimate,
	registerWarrantyBySerial,
	renderReplies,
	requestStatus,
	setOptOut,
	type Reply
} from './front-door';
import { REPLY_TEMPLATE } from './templates';

export const SMS_INBOUND_JOB = 'sms.inbound';
export const TELEGRAM_UPDATE_JOB = 'telegram.update';

/**
 * Stores one inbound message and queues its job; `duplicate` when this (channel, id) was seen
 * before, in which case nothing is queued. One statement does both (the job is inserted only
 * from the row the insert returned), so the webhook's acknowledgement costs one round trip and
 * is still all-or-nothing. Wakes the local job runner.
 */
export async function ingestInbound(input: {
	channel: 'sms' | 'telegram';
	externalId: string;
	sender: string;
	payload: Record<string, unknown>;
}): Promise<{ duplicate: boolean; id: number | null }> {
	const db = await getDb();
	const kind = input.channel === 'sms' ? SMS_INBOUND_JOB : TELEGRAM_UPDATE_JOB;
	const rows = await query<{ id: number | string }>(
		db,
		sql`with ins as (
			insert into inbound_message (channel, external_id, sender, payload)
			values (${input.channel}, ${input.externalId}, ${input.sender}, ${JSON.stringify(input.payload)}::jsonb)
			on conflict (channel, external_id) do nothing
			returning id
		)
		insert into job (kind, payload)
		select ${kind}, jsonb_build_object('inboundId', ins.id) from ins
		returning (payload->>'inboundId')::bigint as id`
	);
	const id = rows[0] ? Number(rows[0].id) : null;
	if (id !== null) notifyJobsQueued();
	return { duplicate: id === null, id };
}

/** Messages this sender sent on this channel in the last ten minutes (including this one). */
export async function recentFromSender(
	channel: 'sms' | 'telegram',
	sender: string
): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(inboundMessages)
		.where(
			and(
				eq(inboundMessages.channel, channel),
				eq(inboundMessages.sender, sender),
				gte(inboundMessages.createdAt, new Date(Date.now() - 10 * 60_000))
			)
		);
	return row?.n ?? 0;
}

/** Loads an inbound message that still needs handling, or null. */
export async function pendingInbound(id: number): Promise<InboundMessage | null> {
	const db = await getDb();
	const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
	return row && row.status === 'received' ? row : null;
}

/** Marks an inbound message handled with what came of it. */
export async function finishInbound(
	id: number,
	status: 'processed' | 'ignored' | 'failed',
	outcome: string
): Promise<void> {
	const db = await getDb();
	await db
		.update(inboundMessages)
		.set({ status, outcome, processedAt: new Date() })
		.where(eq(inboundMessages.id, id));
}

/**
 * The language to answer a sender we do not know yet: English only for English words (a serial
 * or a number says nothing about the language), Persian otherwise.
 */
function guessLocale(text: string, kind: string): 'fa' | 'en' {
	if (/[\u0600-\u06FF]/.test(text) || kind === 'serial') return 'fa';
	return /[A-Za-z]{2,}/.test(text) ? 'en' : 'fa';
}

/**
 * Handles one inbound SMS (the `sms.inbound` job): registers a serial, reports status, answers
 * an estimate or changes the opt-out, then queues the reply as a delivery keyed by the inbound
 * id, so a retried job never sends two replies.
 */
export async function runSmsInboundJob(ctx: JobContext): Promise<Record<string, unknown>> {
	const id = Number(ctx.job.payload.inboundId);
	const inbound = await pendingInbound(id);
	if (!inbound) return { inboundId: id, skipped: true };
	const mobile = inbound.sender;
	const text = String(inbound.payload.message ?? '');
	if ((await recentFromSender('sms', mobile)) > getConfig().INBOUND_MAX_PER_10_MIN) {
		console.warn(`sms rate limit: ${mobile}`);
		await finishInbound(id, 'ignored', 'rate_limited');
		return { inboundId: id, outcome: 'rate_limited' };
	}
	const customer = await findCustomerByMobile(mobile);
	const command = parseInboundCommand(text);
	const locale = customer?.locale ?? guessLocale(text, command.kind);
	let outcome: string = command.kind;
	let replies: Reply[] = [];
	let requestId: number | null = null;
	let customerId = customer?.id ?? null;
	try {
		switch (command.kind) {
			case 'serial': {
				const result = await registerWarrantyBySerial({
					mobile,
					serial: command.serial,
					via: 'sms',
					sender: mobile,
					locale
				});
				outcome = result.outcome;
				replies = result.replies;
				customerId = result.customerId ?? customerId;
				break;
			}
			case 'status': {
				const result = await requestStatus(customerId, command.number, locale);
				outcome = `status_${result.outcome}`;
				replies = result.replies;
				break;
			}
			case 'answer': {
				const result = await answerEstimate({ customerId, decision: command.decision, via: 'sms' });
				outcome = result.outcome;
				replies = result.replies;
				requestId = result.requestId ?? null;
				break;
			}
			case 'opt_out':
			case 'opt_in': {
				if (customerId !== null) await setOptOut(customerId, command.kind === 'opt_out');
				replies = [
					{ key: command.kind === 'opt_out' ? 'notify.reply.optedOut' : 'notify.reply.optedIn' }
				];
				break;
			}
			default:
				replies = [{ key: 'notify.reply.help' }];
		}
	} catch (error) {
		console.error(`sms inbound ${id} failed`, error);
		outcome = 'error';
		replies = [{ key: 'notify.reply.error' }];
	}
	const db = await getDb();
	await db.transaction(async (tx) => {
		await tx
			.update(inboundMessages)
			.set({
				status: outcome === 'error' ? 'failed' : 'processed',
				outcome,
				processedAt: new Date()
			})
			.where(eq(inboundMessages.id, id));
		await queueDelivery(tx, {
			dedupeKey: `in:sms:${id}:reply`,
			templateKey: REPLY_TEMPLATE,
			channel: 'sms',
			customerId,
			requestId,
			address: mobile,
			locale,
			body: renderReplies(replies, locale)
		});
	});
	deliveriesQueued();
	return { inboundId: id, outcome };
}

/**
 * Fetches messages Kavenegar received that the webhook may have missed and ingests them;
 * already-seen message ids are no-ops. Returns how many were new.
 */
export async function reconcileInboundSms(): Promise<number> {
	const provider = getSmsProvider();
	if (!provider.receive) return 0;
	const messages = await provider.receive({ unreadOnly: true });
	let added = 0;
	for (const message of messages) {
		const from = normalizeMobile(message.from);
		if (!from.ok) continue;
		const result = await ingestInbound({
			channel: 'sms',
			externalId: message.messageId,
			sender: from.value,
			payload: {
				messageid: message.messageId,
				from: message.from,
				to: message.to,
				message: message.message,
				via: 'reconcile'
			}
		});
		if (!result.duplicate) added += 1;
	}
	return added;
}
