/**
 * Notification templates: the built-in wording of every message the desk sends on its own, in
 * Persian and English for SMS and Telegram, overridable by admins row by row.
 */
import { and, eq } from 'drizzle-orm';
import {
	renderTemplate,
	unknownPlaceholders,
	type TemplateParams
} from '#lib/domain/notify-template';
import { getDb, type Executor } from '../db';
import { notificationTemplates, type NotifyChannel } from '../db/schema/notify';
import { AppError } from '../http/errors';

export type TemplateLocale = 'fa' | 'en';

export interface TemplateDef {
	key: string;
	/** Transactional messages go out even when the customer opted out of the rest. */
	essential: boolean;
	/** Who receives it. */
	audience: 'customer' | 'staff';
	channels: readonly NotifyChannel[];
	placeholders: readonly string[];
	/** Built-in bodies per channel and locale; Telegram falls back to the SMS body. */
	defaults: Record<'sms', Record<TemplateLocale, string>> &
		Partial<Record<'telegram', Record<TemplateLocale, string>>>;
}

const REQUEST = ['name', 'formNumber', 'product', 'branch'] as const;

export const TEMPLATE_DEFS: readonly TemplateDef[] = [
	{
		key: 'request.received',
		essential: true,
		audience: 'customer',
		channels: ['sms', 'telegram'],
		placeholders: [...REQUEST, 'trackingUrl', 'expected'],
		defaults: {
			sms: {
				fa: '{name} عزیز، {product} شما با شمارهٔ پذیرش {formNumber} در {branch} پذیرش شد. پیگیری: {trackingUrl}',
				en: 'Dear {name}, your {product} was received at {branch} under number {formNumber}. Track it: {trackingUrl}'
			}
		}
	},
	{
		key: 'estimate.declared',
		essential: true,
		audience: 'customer',
		channels: ['sms', 'telegram'],
		placeholders: [...REQUEST, 'total'],
		defaults: {
			sms: {
				fa: 'هزینهٔ تعمیر {product} (پذیرش {formNumber}): {total} ریال. برای تأیید «۱» و برای رد «۲» را پاسخ دهید.',
				en: 'Repair of your {product} ({formNumber}) will cost {total} rials. Reply 1 to approve or 2 to reject.'
			},
			telegram: {
				fa: 'هزینهٔ تعمیر {product} (پذیرش {formNumber}): {total} ریال. تأیید می‌کنید؟',
				en: 'Repair of your {product} ({formNumber}) will cost {total} rials. Do you approve?'
			}
		}
	},
	{
		key: 'request.ready',
		essential: true,
		audience: 'customer',
		channels: ['sms', 'telegram'],
		placeholders: [...REQUEST, 'branchAddress', 'hours'],
		defaults: {
			sms: {
				fa: '{product} شما (پذیرش {formNumber}) آمادهٔ تحویل است. نشانی: {branch}، {branchAddress}. ساعات کار: {hours}',
				en: 'Your {product} ({formNumber}) is ready for collection at {branch}, {branchAddress}. Opening hours: {hours}'
			}
		}
	},
	{
		key: 'request.delivered',
		essential: true,
		audience: 'customer',
		channels: ['sms', 'telegram'],
		placeholders: [...REQUEST],
		defaults: {
			sms: {
				fa: '{product} شما (پذیرش {formNumber}) تحویل شد. از اعتماد شما سپاسگزاریم.',
				en: 'Your {product} ({formNumber}) has been handed over. Thank you for your trust.'
			}
		}
	},
	{
		key: 'request.status_changed',
		essential: false,
		audience: 'customer',
		channels: ['telegram'],
		placeholders: [...REQUEST, 'status'],
		defaults: {
			sms: {
				fa: 'وضعیت پذیرش {formNumber} ({product}): {status}',
				en: 'Request {formNumber} ({product}) is now: {status}'
			}
		}
	},
	{
		key: 'order.issued',
		essential: true,
		audience: 'staff',
		channels: ['telegram', 'sms'],
		placeholders: ['name', 'formNumber', 'product', 'branch', 'due', 'complaint'],
		defaults: {
			sms: {
				fa: 'دستور کار جدید برای شما: پذیرش {formNumber}، {product}. ایراد: {complaint}. مهلت: {due}',
				en: 'New service order for you: {formNumber}, {product}. Complaint: {complaint}. Due: {due}'
			}
		}
	}
];

/** Template keys that are replies to a customer's own message (always essential, never templated by event). */
export const REPLY_TEMPLATE = 'reply';

/** The definition of one template key, or undefined. */
export function templateDef(key: string): TemplateDef | undefined {
	return TEMPLATE_DEFS.find((t) => t.key === key);
}

/** The built-in body of a template for one channel and locale. */
export function defaultBody(
	def: TemplateDef,
	channel: NotifyChannel,
	locale: TemplateLocale
): string {
	return (
		(channel === 'telegram' ? def.defaults.telegram?.[locale] : undefined) ??
		def.defaults.sms[locale]
	);
}

/** The body in force: the admin's row when there is one, else the built-in wording. */
export async function templateBody(
	db: Executor,
	key: string,
	channel: NotifyChannel,
	locale: TemplateLocale
): Promise<string> {
	const [row] = await db
		.select({ body: notificationTemplates.body })
		.from(notificationTemplates)
		.where(
			and(
				eq(notificationTemplates.key, key),
				eq(notificationTemplates.channel, channel),
				eq(notificationTemplates.locale, locale)
			)
		);
	if (row) return row.body;
	const def = templateDef(key);
	return def ? defaultBody(def, channel, locale) : key;
}

/** Renders a template for one recipient. */
export async function renderNotification(
	db: Executor,
	key: string,
	channel: NotifyChannel,
	locale: TemplateLocale,
	params: TemplateParams
): Promise<string> {
	return renderTemplate(await templateBody(db, key, channel, locale), params, locale);
}

/** One editable cell of the template table, with the wording in force and whether an admin changed it. */
export interface TemplateRow {
	key: string;
	channel: NotifyChannel;
	locale: TemplateLocale;
	body: string;
	defaultBody: string;
	customised: boolean;
	essential: boolean;
	audience: TemplateDef['audience'];
	placeholders: readonly string[];
	updatedAt: Date | null;
}

/** Every template × channel × locale, for the admin page. */
export async function listTemplates(): Promise<TemplateRow[]> {
	const db = await getDb();
	const rows = await db.select().from(notificationTemplates);
	const out: TemplateRow[] = [];
	for (const def of TEMPLATE_DEFS) {
		for (const channel of def.channels) {
			for (const locale of ['fa', 'en'] as const) {
				const own = rows.find(
					(r) => r.key === def.key && r.channel === channel && r.locale === locale
				);
				const fallback = defaultBody(def, channel, locale);
				out.push({
					key: def.key,
					channel,
					locale,
					body: own?.body ?? fallback,
					defaultBody: fallback,
					customised: Boolean(own),
					essential: def.essential,
					audience: def.audience,
					placeholders: def.placeholders,
					updatedAt: own?.updatedAt ?? null
				});
			}
		}
	}
	return out;
}

/**
 * Saves an admin's wording; an empty body restores the built-in one. Placeholders the template
 * does not offer are refused (422) so a typo never reaches customers.
 */
export async function saveTemplate(
	input: { key: string; channel: NotifyChannel; locale: TemplateLocale; body: string },
	actorId: number | null
): Promise<void> {
	const def = templateDef(input.key);
	if (!def || !def.channels.includes(input.channel)) {
		throw new AppError(404, 'not_found', 'error.notFound');
	}
	const body = input.body.trim();
	const db = await getDb();
	const where = and(
		eq(notificationTemplates.key, input.key),
		eq(notificationTemplates.channel, input.channel),
		eq(notificationTemplates.locale, input.locale)
	);
	if (!body || body === defaultBody(def, input.channel, input.locale)) {
		await db.delete(notificationTemplates).where(where);
		return;
	}
	const unknown = unknownPlaceholders(body, def.placeholders);
	if (unknown.length) {
		throw new AppError(
			422,
			'unknown_placeholder',
			'notify.error.unknownPlaceholder',
			{ names: unknown.map((n) => `{${n}}`).join(' ') },
			{
				body: {
					key: 'notify.error.unknownPlaceholder',
					params: { names: unknown.map((n) => `{${n}}`).join(' ') }
				}
			}
		);
	}
	await db
		.insert(notificationTemplates)
		.values({ ...input, body, updatedBy: actorId, updatedAt: new Date() })
		.onConflictDoUpdate({
			target: [
				notificationTemplates.key,
				notificationTemplates.channel,
				notificationTemplates.locale
			],
			set: { body, updatedBy: actorId, updatedAt: new Date() }
		});
}
