/** What the messages admin page and a staff member's Telegram link need. */
import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Actor } from '../auth/access';
import { getConfig } from '../config';
import { getDb } from '../db';
import { customers, serviceRequests, users } from '../db/schema';
import {
	NOTIFY_CHANNELS,
	notificationDeliveries,
	telegramChats,
	telegramLinkCodes
} from '../db/schema/notify';
import { AppError, parseOrThrow } from '../http/errors';
import { deliveriesQueued, maskAddress, resendUncertain } from './deliveries';
import { listTemplates, saveTemplate, type TemplateRow } from './templates';

/** An admin's edit of one template cell. */
export const templateSaveSchema = z.object({
	key: z.string().min(1).max(60),
	channel: z.enum(NOTIFY_CHANNELS),
	locale: z.enum(['fa', 'en']),
	body: z.string().max(1000)
});

/** One delivery as the admin list shows it (address half hidden). */
export interface DeliveryRow {
	id: number;
	at: Date;
	channel: 'sms' | 'telegram';
	to: string;
	recipient: string | null;
	templateKey: string;
	status: string;
	attempts: number;
	lastError: string | null;
	request: { id: number; formNumber: string } | null;
}

/** The newest deliveries, for the admin page. */
export async function listRecentDeliveries(actor: Actor, limit = 50): Promise<DeliveryRow[]> {
	requirePermission(actor, 'admin', 'view');
	const db = await getDb();
	const rows = await db
		.select({
			d: notificationDeliveries,
			customerName: customers.name,
			userName: users.displayName,
			formNumber: serviceRequests.formNumber
		})
		.from(notificationDeliveries)
		.leftJoin(customers, eq(customers.id, notificationDeliveries.customerId))
		.leftJoin(users, eq(users.id, notificationDeliveries.userId))
		.leftJoin(serviceRequests, eq(serviceRequests.id, notificationDeliveries.requestId))
		.orderBy(desc(notificationDeliveries.id))
		.limit(limit);
	return rows.map(({ d, customerName, userName, formNumber }) => ({
		id: d.id,
		at: d.createdAt,
		channel: d.channel,
		to: maskAddress(d.channel, d.address),
		recipient: customerName ?? userName ?? null,
		templateKey: d.templateKey,
		status: d.status,
		attempts: d.attempts,
		lastError: d.lastError,
		request: d.requestId !== null && formNumber ? { id: d.requestId, formNumber } : null
	}));
}

/**
 * Sends an `uncertain` message again (admin/manage): the person deciding accepts that the
 * recipient may get it twice, which is why it is never done automatically.
 */
export async function resendUncertainAsAdmin(actor: Actor, deliveryId: number): Promise<void> {
	requirePermission(actor, 'admin', 'manage');
	if (!(await resendUncertain(deliveryId, actor.user.id)))
		throw new AppError(409, 'not_uncertain', 'notify.error.notUncertain');
	deliveriesQueued();
}

/** Which front doors are configured (never the secrets themselves). */
export function frontDoorStatus() {
	const config = getConfig();
	return {
		sms: config.KAVENEGAR_API_KEY ? 'kavenegar' : 'log',
		smsInbound: Boolean(config.KAVENEGAR_INBOUND_SECRET),
		telegram: Boolean(config.TELEGRAM_BOT_TOKEN),
		telegramMode: config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling'
	} as const;
}

/** The template table for the admin page. */
export async function templatesForAdmin(actor: Actor): Promise<TemplateRow[]> {
	requirePermission(actor, 'admin', 'view');
	return listTemplates();
}

/** Saves one template cell (admin/manage). */
export async function saveTemplateAsAdmin(actor: Actor, raw: unknown): Promise<void> {
	requirePermission(actor, 'admin', 'manage');
	const input = parseOrThrow(templateSaveSchema, raw);
	await saveTemplate(input, actor.user.id);
}

/** Whether this staff member's Telegram is linked. */
export async function staffTelegramLinked(userId: number): Promise<boolean> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(telegramChats)
		.where(eq(telegramChats.userId, userId))
		.limit(1);
	return Boolean(row);
}

/**
 * A one-time code (15 minutes) the staff member sends the bot as `/start <code>` to link their
 * Telegram for new-order notices. Any signed-in staff member may make one for themselves.
 */
export async function createTelegramLinkCode(
	actor: Actor
): Promise<{ code: string; expiresAt: Date }> {
	const db = await getDb();
	const code = `S${randomBytes(9).toString('base64url')}`;
	const expiresAt = new Date(Date.now() + 15 * 60_000);
	await db.insert(telegramLinkCodes).values({ code, userId: actor.user.id, expiresAt });
	return { code, expiresAt };
}
