/**
 * A loopback Telegram Bot API server: answers grammY's calls (`/bot<token>/<method>` with JSON
 * bodies) in the real `{ok, result}` format, records sendMessage, answerCallbackQuery and edits,
 * and builds realistic updates (text, commands, contacts, button presses) for the webhook.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCall {
	method: string;
	body: Record<string, unknown>;
}

export class FakeTelegram {
	readonly calls: FakeCall[] = [];
	/** Updates handed out by getUpdates (long polling). */
	readonly pendingUpdates: Record<string, unknown>[] = [];
	/** `{error_code, description}` to answer the next sendMessage calls with, in order. */
	readonly failures: { error_code: number; description: string; retry_after?: number }[] = [];
	onMessage?: (call: FakeCall) => void;
	/**
	 * The next this-many sendMessage calls are delivered (recorded) and then never answered, as
	 * when the worker that sent them dies before it reads the reply. `releaseHeld()` ends them.
	 */
	hang = 0;
	/** The next this-many sendMessage calls are delivered and then the connection is cut unanswered. */
	cut = 0;
	private readonly held: ServerResponse[] = [];
	private readonly waiters: { match: (call: FakeCall) => boolean; resolve: () => void }[] = [];
	private server?: Server;
	private nextMessageId = 1;
	private nextUpdateId = 500_000;

	constructor(readonly token = '123456:TEST-TOKEN') {}

	async start(): Promise<string> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this.url;
	}

	get url(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	async stop(): Promise<void> {
		this.releaseHeld();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}

	/** Cuts the connections of held (unanswered) calls; their senders see a network error. */
	releaseHeld(): void {
		for (const res of this.held.splice(0)) res.socket?.destroy();
	}

	/** Resolves once a sendMessage to the chat has been delivered to this fake. */
	nextMessageTo(chatId: number | string): Promise<void> {
		return new Promise((resolve) =>
			this.waiters.push({ match: (c) => String(c.body.chat_id) === String(chatId), resolve })
		);
	}

	/** Texts the bot sent to one chat, oldest first. */
	messagesTo(chatId: number | string): FakeCall[] {
		return this.calls.filter(
			(c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chatId)
		);
	}

	/** The last text sent to a chat. */
	lastTextTo(chatId: number | string): string {
		return String(this.messagesTo(chatId).at(-1)?.body.text ?? '');
	}

	ofMethod(method: string): FakeCall[] {
		return this.calls.filter((c) => c.method === method);
	}

	private respond(res: ServerResponse, status: number, body: unknown): void {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://fake').pathname);
		if (!match || match[1] !== this.token)
			return this.respond(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
		const method = match[2]!;
		const raw = Buffer.concat(chunks).toString('utf8');
		const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
		const call = { method, body };
		switch (method) {
			case 'getMe':
				return this.respond(res, 200, {
					ok: true,
					result: {
						id: 7000001,
						is_bot: true,
						first_name: 'Khadamat',
						username: 'khadamat_test_bot',
						can_join_groups: false,
						can_read_all_group_messages: false,
						supports_inline_queries: false,
						can_connect_to_business: false,
						has_main_web_app: false
					}
				});
			case 'sendMessage': {
				const failure = this.failures.shift();
				if (failure) {
					return this.respond(res, failure.error_code, {
						ok: false,
						error_code: failure.error_code,
						description: failure.description,
						...(failure.retry_after ? { parameters: { retry_after: failure.retry_after } } : {})
					});
				}
				this.calls.push(call);
				this.onMessage?.(call);
				for (const waiter of this.waiters.filter((w) => w.match(call))) {
					this.waiters.splice(this.waiters.indexOf(waiter), 1);
					waiter.resolve();
				}
				if (this.hang > 0) {
					this.hang -= 1;
					this.held.push(res);
					return;
				}
				if (this.cut > 0) {
					this.cut -= 1;
					res.socket?.destroy();
					return;
				}
				return this.respond(res, 200, {
					ok: true,
					result: {
						message_id: this.nextMessageId++,
						date: Math.floor(Date.now() / 1000),
						chat: { id: Number(body.chat_id), type: 'private' },
						text: body.text
					}
				});
			}
			case 'getUpdates': {
				const updates = this.pendingUpdates.splice(0);
				return this.respond(res, 200, { ok: true, result: updates });
			}
			case 'editMessageReplyMarkup':
			case 'answerCallbackQuery':
			case 'setWebhook':
			case 'deleteWebhook':
				this.calls.push(call);
				return this.respond(res, 200, { ok: true, result: true });
			default:
				this.calls.push(call);
				return this.respond(res, 200, { ok: true, result: true });
		}
	}

	private user(chatId: number, firstName = 'مریم', lastName = 'کریمی') {
		return {
			id: chatId,
			is_bot: false,
			first_name: firstName,
			last_name: lastName,
			language_code: 'fa'
		};
	}

	private base(chatId: number) {
		return {
			message_id: this.nextMessageId++,
			date: Math.floor(Date.now() / 1000),
			chat: { id: chatId, type: 'private', first_name: 'مریم' },
			from: this.user(chatId)
		};
	}

	/** An update whose message is plain text (or a /command). */
	textUpdate(chatId: number, text: string): Record<string, unknown> {
		const message: Record<string, unknown> = { ...this.base(chatId), text };
		if (text.startsWith('/')) {
			const length = text.split(' ')[0]!.length;
			message.entities = [{ type: 'bot_command', offset: 0, length }];
		}
		return { update_id: this.nextUpdateId++, message };
	}

	/** An update sharing a contact; `ownerId` differs from the chat for a forwarded contact. */
	contactUpdate(chatId: number, phone: string, ownerId = chatId): Record<string, unknown> {
		return {
			update_id: this.nextUpdateId++,
			message: {
				...this.base(chatId),
				contact: { phone_number: phone, first_name: 'مریم', last_name: 'کریمی', user_id: ownerId }
			}
		};
	}

	/** An update for a pressed inline button under one of the bot's messages. */
	callbackUpdate(chatId: number, data: string): Record<string, unknown> {
		return {
			update_id: this.nextUpdateId++,
			callback_query: {
				id: String(this.nextUpdateId),
				from: this.user(chatId),
				chat_instance: `ci-${chatId}`,
				data,
				message: {
					...this.base(chatId),
					from: { id: 7000001, is_bot: true, first_name: 'Khadamat' },
					text: 'estimate'
				}
			}
		};
	}
}
