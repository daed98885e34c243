/**
 * A loopback Kavenegar: speaks the REST API's wire format (form-encoded POSTs to
 * /v1/<key>/<scope>/<method>.json, `{return:{status,message}, entries}` JSON with Kavenegar's
 * status codes), records what was sent, deduplicates sends by `localid` like the real service,
 * and can be told to fail (error codes, dropped responses) for the tests and the benchmark.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSms {
	messageid: number;
	receptor: string;
	message: string;
	sender: string;
	localid: string | null;
	template: string | null;
	tokens: string[];
	date: number;
	status: number;
}

export interface FakeInboxMessage {
	messageid: number;
	sender: string;
	receptor: string;
	message: string;
	date: number;
	read: boolean;
}

const MESSAGES: Record<number, string> = {
	200: 'تایید شد',
	403: 'کد شناسائی API-Key معتبر نمی‌باشد',
	411: 'دریافت کننده نامعتبر است',
	413: 'طول پیام بیش از حد مجاز است',
	418: 'اعتبار حساب شما کافی نیست',
	424: 'الگوی مورد نظر پیدا نشد'
};

export class FakeKavenegar {
	readonly sent: FakeSms[] = [];
	readonly inbox: FakeInboxMessage[] = [];
	/** Every HTTP call, method name first, for assertions on what was asked. */
	readonly calls: { method: string; params: Record<string, string> }[] = [];
	/** Status codes to answer the next sends with, in order (e.g. 418 for no credit). */
	readonly failures: number[] = [];
	/** When > 0, the next sends are recorded but the connection is dropped before answering. */
	dropResponses = 0;
	/** Message status reported by sms/status for every known message (10 = delivered). */
	deliveryStatus = 1;
	/** Listeners told about each recorded send (the benchmark waits on these). */
	onSend?: (sms: FakeSms) => void;
	private server?: Server;
	private nextId = 70_000_001;

	constructor(
		readonly apiKey = 'TEST-KEY',
		readonly line = '10004346'
	) {}

	/** Starts listening on a free loopback port; returns the base URL. */
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
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}

	/** Messages sent to a mobile, in any of its forms (09…, +989…). */
	sentTo(mobile: string): FakeSms[] {
		const national = mobile.replace(/^\+98/, '0');
		return this.sent.filter((s) => s.receptor === national);
	}

	/** Puts a message in our line's inbox, as if a customer texted it and the webhook missed it. */
	receive(from: string, message: string): FakeInboxMessage {
		const entry = {
			messageid: this.nextId++,
			sender: from,
			receptor: this.line,
			message,
			date: Math.floor(Date.now() / 1000),
			read: false
		};
		this.inbox.push(entry);
		return entry;
	}

	private reply(res: ServerResponse, status: number, entries: unknown): void {
		const body = JSON.stringify({
			return: { status, message: MESSAGES[status] ?? 'خطا' },
			entries
		});
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
		res.end(body);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://fake');
		const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
		for (const [k, v] of url.searchParams) params[k] ??= v;
		const match = /^\/v1\/([^/]+)\/(\w+\/\w+)\.json$/.exec(url.pathname);
		if (!match) return this.reply(res, 404, null);
		const [, key, method] = match;
		this.calls.push({ method: method!, params });
		if (decodeURIComponent(key!) !== this.apiKey) return this.reply(res, 403, null);
		switch (method) {
			case 'sms/send':
				return this.send(res, params);
			case 'verify/lookup':
				return this.send(res, { ...params, message: `[${params.template}] ${params.token ?? ''}` });
			case 'sms/status':
				return this.reply(
					res,
					200,
					(params.messageid ?? '').split(',').map((id) => {
						const known = this.sent.find((s) => String(s.messageid) === id);
						return {
							messageid: Number(id),
							status: known ? this.deliveryStatus : 100,
							statustext: known ? 'status' : 'شناسه نامعتبر'
						};
					})
				);
			case 'sms/receive': {
				const unread = params.isread === '0';
				const list = this.inbox.filter(
					(m) => (unread ? !m.read : true) && m.receptor === params.linenumber
				);
				for (const m of list) m.read = true;
				return this.reply(
					res,
					200,
					list.map(({ messageid, sender, receptor, message, date }) => ({
						messageid,
						sender,
						receptor,
						message,
						date
					}))
				);
			}
			default:
				return this.reply(res, 404, null);
		}
	}

	private send(res: ServerResponse, params: Record<string, string>): void {
		const failure = this.failures.shift();
		if (failure) return this.reply(res, failure, null);
		const receptor = params.receptor ?? '';
		if (!/^09\d{9}$/.test(receptor)) return this.reply(res, 411, null);
		if (!params.message) return this.reply(res, 413, null);
		const localid = params.localid ?? null;
		// Kavenegar answers a repeated localid with the first message instead of sending again.
		let sms = localid ? this.sent.find((s) => s.localid === localid) : undefined;
		if (!sms) {
			sms = {
				messageid: this.nextId++,
				receptor,
				message: params.message,
				sender: params.sender ?? this.line,
				localid,
				template: params.template ?? null,
				tokens: [params.token, params.token2, params.token3].filter((t): t is string => Boolean(t)),
				date: Math.floor(Date.now() / 1000),
				status: 1
			};
			this.sent.push(sms);
			this.onSend?.(sms);
		}
		if (this.dropResponses > 0) {
			this.dropResponses -= 1;
			res.socket?.destroy();
			return;
		}
		this.reply(res, 200, [
			{
				messageid: sms.messageid,
				message: sms.message,
				status: sms.status,
				statustext: 'در صف ارسال',
				sender: sms.sender,
				receptor: sms.receptor,
				date: sms.date,
				cost: 1200
			}
		]);
	}
}
