/**
 * The bot's conversation: /start → language → share contact (linked to the customer with that
 * mobile, or a new one) → menu: register a warranty, my products, track, request a repair;
 * estimate buttons; /optout. Every step calls a front-door service; nothing here decides policy.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { InlineKeyboard, Keyboard, type Bot } from 'grammy';
import { parseInboundCommand } from '#lib/domain/inbound-command';
import { formatMobileForDisplay, normalizeMobile } from '#lib/domain/mobile';
import { translate, type MessageKey } from '#lib/i18n';
import { getDb } from '#lib/server/db';
import { customers, users } from '#lib/server/db/schema';
import { telegramChats, telegramLinkCodes } from '#lib/server/db/schema/notify';
import { messageDate } from '#lib/server/notify/feed';
import {
	answerEstimate,
	createOnlineRequest,
	customerById,
	customerRequests,
	customerUnits,
	registerWarrantyBySerial,
	renderReplies,
	requestStatus,
	setOptOut
} from '#lib/server/notify/front-door';
import { createCustomerFromMobile } from '#lib/server/warranty/links';
import { lastOutcome, type BotContext } from './bot';

const MENU_KEYS = {
	register: 'notify.bot.menu.register',
	products: 'notify.bot.menu.products',
	track: 'notify.bot.menu.track',
	newRequest: 'notify.bot.menu.newRequest',
	language: 'notify.bot.menu.language'
} as const satisfies Record<string, MessageKey>;

/** Both languages' label of a menu button, so a button pressed before a language switch still works. */
function labels(key: MessageKey): string[] {
	return [translate('fa', key), translate('en', key)];
}

/** The main menu as a reply keyboard. */
function menu(ctx: BotContext): Keyboard {
	return new Keyboard()
		.text(ctx.t(MENU_KEYS.register))
		.text(ctx.t(MENU_KEYS.products))
		.row()
		.text(ctx.t(MENU_KEYS.track))
		.text(ctx.t(MENU_KEYS.newRequest))
		.row()
		.text(ctx.t(MENU_KEYS.language))
		.resized()
		.persistent();
}

function contactKeyboard(ctx: BotContext): Keyboard {
	return new Keyboard().requestContact(ctx.t('notify.bot.shareContactButton')).resized().oneTime();
}

async function saveChat(
	ctx: BotContext,
	patch: Partial<typeof telegramChats.$inferInsert>
): Promise<void> {
	const db = await getDb();
	const [row] = await db
		.update(telegramChats)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(telegramChats.chatId, ctx.chatRow.chatId))
		.returning();
	if (row) ctx.chatRow = row;
}

/** Loads (or starts) the chat's row before any handler runs. */
async function loadChat(ctx: BotContext): Promise<boolean> {
	const chatId = ctx.chat?.id ?? ctx.from?.id;
	if (chatId === undefined || !ctx.from) return false;
	const db = await getDb();
	// One statement: insert the chat on first contact, else read it back unchanged.
	const [row] = await db
		.insert(telegramChats)
		.values({
			chatId: String(chatId),
			telegramUserId: String(ctx.from.id),
			locale: ctx.from.language_code === 'en' ? 'en' : 'fa'
		})
		.onConflictDoUpdate({
			target: telegramChats.chatId,
			set: { telegramUserId: sql`${telegramChats.telegramUserId}` }
		})
		.returning();
	ctx.chatRow = row!;
	return true;
}

async function askContact(ctx: BotContext): Promise<void> {
	ctx.outcome = 'ask_contact';
	await ctx.reply(ctx.t('notify.bot.shareContact'), { reply_markup: contactKeyboard(ctx) });
}

async function showMenu(ctx: BotContext, text?: string): Promise<void> {
	await ctx.reply(text ?? ctx.t('notify.bot.menuHint'), { reply_markup: menu(ctx) });
}

/** The customer's mobile, for services keyed by it. */
async function customerMobile(ctx: BotContext): Promise<string | null> {
	if (ctx.chatRow.customerId === null) return null;
	return (await customerById(ctx.chatRow.customerId))?.mobile ?? null;
}

async function register(ctx: BotContext, serial: string): Promise<void> {
	const mobile = await customerMobile(ctx);
	if (!mobile) return askContact(ctx);
	const result = await registerWarrantyBySerial({
		mobile,
		serial,
		via: 'telegram',
		sender: ctx.chatRow.chatId,
		locale: ctx.locale
	});
	ctx.outcome = result.outcome;
	await ctx.reply(renderReplies(result.replies, ctx.locale), { reply_markup: menu(ctx) });
}

async function products(ctx: BotContext): Promise<void> {
	ctx.outcome = 'products';
	const list = await customerUnits(ctx.chatRow.customerId!, ctx.locale);
	if (!list.length) return showMenu(ctx, ctx.t('notify.bot.noProducts'));
	const lines = list.map((u) =>
		u.warranty
			? ctx.t('notify.bot.productLine', {
					product: u.product,
					serial: u.serial,
					warranty: u.warranty.serial,
					state: ctx.t(
						u.warranty.active
							? (`warranty.state.${u.warranty.state}` as MessageKey)
							: 'warranty.state.inactive'
					),
					until: u.warranty.endsOn
						? ctx.t('notify.bot.until', { date: messageDate(u.warranty.endsOn, ctx.locale) })
						: ''
				})
			: ctx.t('notify.bot.productNoWarranty', { product: u.product, serial: u.serial })
	);
	await showMenu(ctx, lines.join('\n'));
}

async function track(ctx: BotContext): Promise<void> {
	ctx.outcome = 'track';
	const open = await customerRequests(ctx.chatRow.customerId!, ctx.locale, { limit: 10 });
	if (!open.length) return showMenu(ctx, ctx.t('notify.reply.noRequests'));
	const lines = open.map((r) =>
		ctx.t('notify.bot.trackLine', {
			formNumber: r.formNumber,
			product: r.product,
			status: ctx.t(`service.status.${r.status}` as MessageKey),
			branch: r.branch,
			expected: r.expectedAt
				? ctx.t('notify.bot.expected', { date: messageDate(r.expectedAt, ctx.locale) })
				: ''
		})
	);
	await showMenu(ctx, lines.join('\n'));
}

async function chooseUnit(ctx: BotContext): Promise<void> {
	ctx.outcome = 'choose_unit';
	const list = await customerUnits(ctx.chatRow.customerId!, ctx.locale);
	if (!list.length) return showMenu(ctx, ctx.t('notify.bot.noProducts'));
	const keyboard = new InlineKeyboard();
	for (const u of list.slice(0, 10))
		keyboard.text(`${u.product} — ${u.serial}`, `unit:${u.unitId}`).row();
	await ctx.reply(ctx.t('notify.bot.chooseUnit'), { reply_markup: keyboard });
}

/** Links a staff member's Telegram with the one-time code they created on their profile. */
async function linkStaff(ctx: BotContext, code: string): Promise<boolean> {
	const db = await getDb();
	const [claimed] = await db
		.update(telegramLinkCodes)
		.set({ usedAt: new Date() })
		.where(
			and(
				eq(telegramLinkCodes.code, code),
				isNull(telegramLinkCodes.usedAt),
				gt(telegramLinkCodes.expiresAt, new Date())
			)
		)
		.returning();
	if (!claimed) return false;
	const [user] = await db.select().from(users).where(eq(users.id, claimed.userId));
	await saveChat(ctx, { userId: claimed.userId, locale: user?.locale ?? ctx.locale });
	ctx.outcome = 'staff_linked';
	await ctx.reply(ctx.t('notify.bot.staffLinked', { name: user?.displayName ?? '' }));
	return true;
}

/** Installs the conversation on a bot. */
export function registerHandlers(bot: Bot<BotContext>): void {
	bot.use(async (ctx, next) => {
		if (!(await loadChat(ctx))) return;
		try {
			await next();
		} finally {
			lastOutcome.set(ctx.update.update_id, ctx.outcome);
		}
	});

	bot.command('start', async (ctx) => {
		const code = ctx.match?.trim();
		if (code && (await linkStaff(ctx, code))) return;
		if (code) {
			ctx.outcome = 'link_code_invalid';
			await ctx.reply(ctx.t('notify.bot.linkCodeInvalid'));
			return;
		}
		ctx.outcome = 'start';
		await ctx.reply(ctx.t('notify.bot.chooseLanguage'), {
			reply_markup: new InlineKeyboard().text('فارسی', 'lang:fa').text('English', 'lang:en')
		});
	});

	bot.callbackQuery(/^lang:(fa|en)$/, async (ctx) => {
		await saveChat(ctx, { locale: ctx.match[1] as 'fa' | 'en' });
		ctx.outcome = 'language';
		await ctx.answerCallbackQuery({ text: ctx.t('notify.bot.languageSet') });
		if (ctx.chatRow.customerId === null && ctx.chatRow.userId === null) return askContact(ctx);
		await showMenu(ctx);
	});

	bot.on('message:contact', async (ctx) => {
		const contact = ctx.message.contact;
		// Only the sender's own number links the chat; a forwarded contact would hijack someone's data.
		if (contact.user_id !== ctx.from.id) {
			ctx.outcome = 'foreign_contact';
			await ctx.reply(ctx.t('notify.bot.notOwnContact'), { reply_markup: contactKeyboard(ctx) });
			return;
		}
		const mobile = normalizeMobile(contact.phone_number);
		if (!mobile.ok) {
			ctx.outcome = 'bad_mobile';
			await ctx.reply(ctx.t('notify.bot.badMobile'));
			return;
		}
		const db = await getDb();
		const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ').trim();
		const customer = await db.transaction((tx) => createCustomerFromMobile(tx, mobile.value, name));
		await db
			.update(customers)
			.set({ telegramChatId: ctx.chatRow.chatId, updatedAt: new Date() })
			.where(eq(customers.id, customer.id));
		await saveChat(ctx, { customerId: customer.id });
		ctx.outcome = 'linked';
		await showMenu(
			ctx,
			ctx.t('notify.bot.linked', {
				name: customer.name,
				mobile: formatMobileForDisplay(customer.mobile, {
					digits: ctx.locale === 'fa' ? 'fa' : 'latin'
				})
			})
		);
	});

	bot.callbackQuery(/^est:(\d+):(approve|reject)$/, async (ctx) => {
		const result = await answerEstimate({
			customerId: ctx.chatRow.customerId,
			estimateId: Number(ctx.match[1]),
			decision: ctx.match[2] as 'approve' | 'reject',
			via: 'telegram'
		});
		ctx.outcome = result.outcome;
		const text = renderReplies(result.replies, ctx.locale);
		await ctx.answerCallbackQuery({ text: text.slice(0, 190) });
		// Buttons go once answered; an old message may be gone or already edited.
		await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
		await ctx.reply(text);
	});

	bot.callbackQuery(/^unit:(\d+)$/, async (ctx) => {
		await ctx.answerCallbackQuery();
		if (ctx.chatRow.customerId === null) return askContact(ctx);
		await saveChat(ctx, { state: 'describe', stateData: { unitId: Number(ctx.match[1]) } });
		ctx.outcome = 'describe';
		await ctx.reply(ctx.t('notify.bot.describe'));
	});

	bot.command(['optout', 'stop'], async (ctx) => {
		if (ctx.chatRow.customerId === null) return askContact(ctx);
		await setOptOut(ctx.chatRow.customerId, true);
		ctx.outcome = 'opt_out';
		await ctx.reply(ctx.t('notify.reply.optedOut'));
	});

	bot.command('optin', async (ctx) => {
		if (ctx.chatRow.customerId === null) return askContact(ctx);
		await setOptOut(ctx.chatRow.customerId, false);
		ctx.outcome = 'opt_in';
		await ctx.reply(ctx.t('notify.reply.optedIn'));
	});

	bot.hears(labels(MENU_KEYS.language), async (ctx) => {
		await saveChat(ctx, { locale: ctx.locale === 'fa' ? 'en' : 'fa' });
		ctx.outcome = 'language';
		await showMenu(ctx, ctx.t('notify.bot.languageSet'));
	});

	bot.on('message:text', async (ctx) => {
		if (ctx.chatRow.customerId === null) return askContact(ctx);
		const text = ctx.message.text;
		if (labels(MENU_KEYS.register).includes(text)) {
			ctx.outcome = 'register_prompt';
			await ctx.reply(ctx.t('notify.bot.registerPrompt'));
			return;
		}
		if (labels(MENU_KEYS.products).includes(text)) return products(ctx);
		if (labels(MENU_KEYS.track).includes(text)) return track(ctx);
		if (labels(MENU_KEYS.newRequest).includes(text)) return chooseUnit(ctx);
		if (ctx.chatRow.state === 'describe') {
			const unitId = Number(ctx.chatRow.stateData.unitId);
			await saveChat(ctx, { state: null, stateData: {} });
			const created = await createOnlineRequest({
				customerId: ctx.chatRow.customerId,
				unitId,
				complaint: text,
				via: 'telegram',
				locale: ctx.locale
			});
			ctx.outcome = created ? 'request_created' : 'request_failed';
			await showMenu(
				ctx,
				created ? renderReplies(created.replies, ctx.locale) : ctx.t('notify.reply.error')
			);
			return;
		}
		const command = parseInboundCommand(text);
		switch (command.kind) {
			case 'serial':
				return register(ctx, command.serial);
			case 'status': {
				const result = await requestStatus(ctx.chatRow.customerId, command.number, ctx.locale);
				ctx.outcome = `status_${result.outcome}`;
				return showMenu(ctx, renderReplies(result.replies, ctx.locale));
			}
			case 'answer': {
				const result = await answerEstimate({
					customerId: ctx.chatRow.customerId,
					decision: command.decision,
					via: 'telegram'
				});
				ctx.outcome = result.outcome;
				return showMenu(ctx, renderReplies(result.replies, ctx.locale));
			}
			case 'opt_out':
			case 'opt_in':
				await setOptOut(ctx.chatRow.customerId, command.kind === 'opt_out');
				ctx.outcome = command.kind;
				return showMenu(
					ctx,
					ctx.t(command.kind === 'opt_out' ? 'notify.reply.optedOut' : 'notify.reply.optedIn')
				);
			default:
				ctx.outcome = 'help';
				return showMenu(ctx);
		}
	});
}
