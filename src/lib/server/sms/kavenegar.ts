/**
 * A small typed client of Kavenegar's REST API (https://api.kavenegar.com/v1/<key>/<scope>/<method>.json).
 * We do not use the `kavenegar` npm package: it sends the API key over plain HTTP with no timeout.
 * Calls are form-encoded POSTs over HTTPS with a timeout; only idempotent calls are retried
 * (status, receive, and sends carrying a localid, which Kavenegar deduplicates).
 */
import { SmsError, type SmsErrorCode } from './errors';
import type {
	SmsDeliveryStatus,
	SmsInboundMessage,
	SmsProvider,
	SmsSendResult,
	SmsStatusResult
} from './provider';

export interface KavenegarOptions {
	apiKey: string;
	sender?: string;
	baseUrl: string;
	timeoutMs: number;
	/** Attempts for idempotent calls (first try included). */
	attempts?: number;
	fetch?: typeof fetch;
}

/** One entry of sms/send, verify/lookup and sms/status responses. */
interface KavenegarEntry {
	messageid: number;
	message?: string;
	status: number;
	statustext?: string;
	sender?: string;
	receptor?: string;
	date?: number;
	cost?: number;
}

interface KavenegarReceiveEntry {
	messageid: number;
	message: string;
	sender: string;
	receptor: string;
	date: number;
}

interface KavenegarResponse<T> {
	return: { status: number; message: string };
	entries: T | null;
}

/** Kavenegar's `return.status` codes, mapped to our codes and readable messages. */
const ERRORS: Record<number, { code: SmsErrorCode; message: string; retryable: boolean }> = {
	400: { code: 'bad_request', message: 'Parameters are incomplete', retryable: false },
	401: { code: 'account_disabled', message: 'The Kavenegar account is disabled', retryable: false },
	402: { code: 'unknown', message: 'Kavenegar could not complete the operation', retryable: true },
	403: { code: 'unauthorized', message: 'The Kavenegar API key is not valid', retryable: false },
	404: { code: 'bad_request', message: 'Unknown Kavenegar method', retryable: false },
	405: { code: 'bad_request', message: 'Wrong HTTP method for Kavenegar', retryable: false },
	406: { code: 'bad_request', message: 'A required parameter is missing', retryable: false },
	407: {
		code: 'ip_not_allowed',
		message: 'Access denied by the Kavenegar account settings',
		retryable: false
	},
	409: {
		code: 'provider_unavailable',
		message: 'Kavenegar cannot answer right now',
		retryable: true
	},
	411: { code: 'bad_receptor', message: 'The recipient number is not valid', retryable: false },
	412: { code: 'bad_sender', message: 'The sender line is not valid', retryable: false },
	413: { code: 'bad_message', message: 'The message is empty or too long', retryable: false },
	414: { code: 'bad_request', message: 'Too many recipients in one call', retryable: false },
	416: {
		code: 'ip_not_allowed',
		message: 'This server’s IP is not allowed by the Kavenegar account',
		retryable: false
	},
	417: { code: 'bad_request', message: 'The send date is not valid', retryable: false },
	418: { code: 'no_credit', message: 'The Kavenegar account has no credit left', retryable: false },
	419: { code: 'bad_request', message: 'Array parameters differ in length', retryable: false },
	420: { code: 'bad_message', message: 'Links are not allowed in this message', retryable: false },
	422: {
		code: 'bad_message',
		message: 'The message contains characters that are not allowed',
		retryable: false
	},
	424: {
		code: 'template_not_found',
		message: 'The Kavenegar template does not exist or is not approved',
		retryable: false
	},
	426: {
		code: 'unauthorized',
		message: 'This method needs an advanced Kavenegar plan',
		retryable: false
	},
	428: {
		code: 'bad_request',
		message: 'A voice call is not possible for this code',
		retryable: false
	},
	431: { code: 'bad_message', message: 'The code structure is not valid', retryable: false },
	432: {
		code: 'bad_message',
		message: 'The code parameter was not found in the message',
		retryable: false
	},
	451: {
		code: 'rate_limited',
		message: 'Too many identical requests to Kavenegar',
		retryable: true
	},
	501: {
		code: 'bad_receptor',
		message: 'A test account can only send to its owner’s number',
		retryable: false
	}
};

/** Kavenegar message status codes folded to the port's statuses. */
export function kavenegarStatus(code: number): SmsDeliveryStatus {
	switch (code) {
		case 1:
			return 'queued';
		case 2:
			return 'scheduled';
		case 4:
		case 5:
			return 'sent';
		case 10:
			return 'delivered';
		case 6:
		case 11:
			return 'failed';
		case 13:
			return 'cancelled';
		case 14:
			return 'blocked';
		default:
			return 'unknown';
	}
}

export class KavenegarClient implements SmsProvider {
	readonly name = 'kavenegar';
	private readonly fetchImpl: typeof fetch;

	constructor(private readonly options: KavenegarOptions) {
		this.fetchImpl = options.fetch ?? fetch;
	}

	/** sms/send for one receptor; with localId Kavenegar returns the first send instead of a second. */
	async send(input: {
		receptor: string;
		message: string;
		localId?: string;
	}): Promise<SmsSendResult> {
		const params: Record<string, string> = { receptor: input.receptor, message: input.message };
		if (this.options.sender) params.sender = this.options.sender;
		if (input.localId) params.localid = input.localId;
		const entries = await this.call<KavenegarEntry[]>('sms/send', params, Boolean(input.localId));
		return toResult(firstEntry(entries), input.receptor, input.localId);
	}

	/** verify/lookup: a pre-approved template with up to three tokens (no spaces allowed in tokens). */
	async sendLookup(input: {
		receptor: string;
		template: string;
		tokens: string[];
	}): Promise<SmsSendResult> {
		const params: Record<string, string> = { receptor: input.receptor, template: input.template };
		const names = ['token', 'token2', 'token3'];
		input.tokens.slice(0, 3).forEach((token, i) => (params[names[i]] = token.replace(/\s+/g, '‌')));
		const entries = await this.call<KavenegarEntry[]>('verify/lookup', params, false);
		return toResult(firstEntry(entries), input.receptor);
	}

	/** sms/status for up to 500 message ids per call. */
	async status(messageIds: string[]): Promise<SmsStatusResult[]> {
		const out: SmsStatusResult[] = [];
		for (let i = 0; i < messageIds.length; i += 500) {
			const chunk = messageIds.slice(i, i + 500);
			const entries = await this.call<KavenegarEntry[]>(
				'sms/status',
				{ messageid: chunk.join(',') },
				true
			);
			for (const entry of entries ?? []) {
				out.push({
					messageId: String(entry.messageid),
					status: kavenegarStatus(entry.status),
					providerStatus: entry.status
				});
			}
		}
		return out;
	}

	/** sms/receive: messages on our line; unread ones are marked read by Kavenegar as they are returned. */
	async receive(input: {
		lineNumber?: string;
		unreadOnly?: boolean;
	}): Promise<SmsInboundMessage[]> {
		const line = input.lineNumber ?? this.options.sender;
		if (!line) return [];
		const entries = await this.call<KavenegarReceiveEntry[]>(
			'sms/receive',
			{ linenumber: line, isread: input.unreadOnly === false ? '1' : '0' },
			true
		);
		return (entries ?? []).map((e) => ({
			messageId: String(e.messageid),
			from: e.sender,
			to: e.receptor,
			message: e.message,
			receivedAt: new Date(e.date * 1000)
		}));
	}

	/** POSTs one call, retrying network failures, timeouts and 5xx only when `idempotent`. */
	private async call<T>(
		method: string,
		params: Record<string, string>,
		idempotent: boolean
	): Promise<T | null> {
		const base = this.options.baseUrl.replace(/\/+$/, '');
		const url = `${base}/v1/${encodeURIComponent(this.options.apiKey)}/${method}.json`;
		const attempts = idempotent ? Math.max(1, this.options.attempts ?? 3) : 1;
		let last: SmsError | undefined;
		for (let attempt = 1; attempt <= attempts; attempt++) {
			try {
				return await this.once<T>(url, params);
			} catch (err) {
				last = err instanceof SmsError ? err : new SmsError('unknown', String(err), false);
				if (!last.retryable || attempt === attempts) break;
				await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
			}
		}
		throw last ?? new SmsError('unknown', 'Kavenegar call failed', false);
	}

	private async once<T>(url: string, params: Record<string, string>): Promise<T | null> {
		let response: Response;
		try {
			response = await this.fetchImpl(url, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
					accept: 'application/json'
				},
				body: new URLSearchParams(params).toString(),
				signal: AbortSignal.timeout(this.options.timeoutMs)
			});
		} catch (err) {
			const name = (err as { name?: string }).name;
			if (name === 'TimeoutError' || name === 'AbortError')
				throw new SmsError('timeout', 'Kavenegar did not answer in time', true);
			throw new SmsError('network', `Cannot reach Kavenegar: ${(err as Error).message}`, true);
		}
		let body: KavenegarResponse<T> | undefined;
		try {
			body = (await response.json()) as KavenegarResponse<T>;
		} catch {
			body = undefined;
		}
		const status = body?.return?.status ?? response.status;
		if (status === 200 && response.ok) return body?.entries ?? null;
		const known = ERRORS[status];
		if (known) throw new SmsError(known.code, known.message, known.retryable, status);
		const retryable = response.status >= 500 || response.status === 429;
		throw new SmsError(
			retryable ? 'provider_unavailable' : 'unknown',
			body?.return?.message || `Kavenegar answered HTTP ${response.status}`,
			retryable,
			status
		);
	}
}

function firstEntry(entries: KavenegarEntry[] | null): KavenegarEntry {
	const entry = entries?.[0];
	if (!entry) throw new SmsError('unknown', 'Kavenegar returned no message entry', false);
	return entry;
}

function toResult(entry: KavenegarEntry, receptor: string, localId?: string): SmsSendResult {
	return {
		messageId: String(entry.messageid),
		receptor: entry.receptor ?? receptor,
		status: kavenegarStatus(entry.status),
		providerStatus: entry.status,
		cost: entry.cost ?? 0,
		localId
	};
}
