/**
 * Development SMS provider: prints each message to the console and keeps it in memory so tests
 * and the developer can read one-time codes and notifications without a real SMS account.
 */
import type { SmsInboundMessage, SmsProvider, SmsSendResult, SmsStatusResult } from './provider';

export interface LoggedSms {
	messageId: string;
	receptor: string;
	message: string;
	localId?: string;
	template?: string;
	tokens?: string[];
	sentAt: Date;
}

const MAX_KEPT = 1000;

export class LogSmsProvider implements SmsProvider {
	readonly name = 'log';
	readonly messages: LoggedSms[] = [];
	private nextId = 1;
	/** Set to false in tests that do not want console noise. */
	quiet = process.env.NODE_ENV === 'test' || process.env.VITEST !== undefined;

	/** Records a free-text message; a repeated localId returns the first record (as Kavenegar does). */
	send(input: { receptor: string; message: string; localId?: string }): Promise<SmsSendResult> {
		if (input.localId) {
			const seen = this.messages.find((m) => m.localId === input.localId);
			if (seen) return Promise.resolve(this.result(seen));
		}
		const logged = this.record({
			receptor: input.receptor,
			message: input.message,
			localId: input.localId
		});
		return Promise.resolve(this.result(logged));
	}

	/** Records a template message with its tokens substituted into a readable line. */
	sendLookup(input: {
		receptor: string;
		template: string;
		tokens: string[];
	}): Promise<SmsSendResult> {
		const message = `[${input.template}] ${input.tokens.join(' ')}`;
		const logged = this.record({
			receptor: input.receptor,
			message,
			template: input.template,
			tokens: input.tokens
		});
		return Promise.resolve(this.result(logged));
	}

	/** Everything logged counts as delivered. */
	status(messageIds: string[]): Promise<SmsStatusResult[]> {
		return Promise.resolve(
			messageIds.map((messageId): SmsStatusResult => {
				const known = this.messages.some((m) => m.messageId === messageId);
				return {
					messageId,
					status: known ? 'delivered' : 'unknown',
					providerStatus: known ? 10 : 100
				};
			})
		);
	}

	/** The log provider has no inbox. */
	receive(): Promise<SmsInboundMessage[]> {
		return Promise.resolve([]);
	}

	/** Messages sent to one mobile, oldest first. */
	sentTo(receptor: string): LoggedSms[] {
		return this.messages.filter((m) => m.receptor === receptor);
	}

	/** The last message sent to one mobile, if any. */
	lastTo(receptor: string): LoggedSms | undefined {
		return this.sentTo(receptor).at(-1);
	}

	/** Forgets everything (between tests). */
	clear(): void {
		this.messages.length = 0;
	}

	private record(entry: Omit<LoggedSms, 'messageId' | 'sentAt'>): LoggedSms {
		const logged: LoggedSms = { ...entry, messageId: String(this.nextId++), sentAt: new Date() };
		this.messages.push(logged);
		if (this.messages.length > MAX_KEPT) this.messages.splice(0, this.messages.length - MAX_KEPT);
		if (!this.quiet) console.info(`[sms] → ${logged.receptor}: ${logged.message}`);
		return logged;
	}

	private result(logged: LoggedSms): SmsSendResult {
		return {
			messageId: logged.messageId,
			receptor: logged.receptor,
			status: 'sent',
			providerStatus: 1,
			cost: 0,
			localId: logged.localId
		};
	}
}
