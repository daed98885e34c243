/**
 * The SMS port. Everything that texts a customer (notifications, the tracking page's one-time
 * codes, bot replies) goes through `getSmsProvider()`, so the transport can be Kavenegar in
 * production and an in-memory log in development and tests without callers knowing.
 */
import { getConfig } from '../config';
import { KavenegarClient } from './kavenegar';
import { LogSmsProvider } from './log-provider';

/** Where a message is in its life, folded from the provider's own status codes. */
export type SmsDeliveryStatus =
	'queued' | 'scheduled' | 'sent' | 'delivered' | 'failed' | 'cancelled' | 'blocked' | 'unknown';

export interface SmsSendResult {
	/** The provider's message id, used later for status queries. */
	messageId: string;
	receptor: string;
	status: SmsDeliveryStatus;
	/** The provider's numeric status, kept for the timeline and for support tickets. */
	providerStatus: number;
	/** Cost in the provider's unit (rials for Kavenegar); 0 when unknown. */
	cost: number;
	localId?: string;
}

export interface SmsStatusResult {
	messageId: string;
	status: SmsDeliveryStatus;
	providerStatus: number;
}

/** A message the provider received on our line (for inbound reconciliation). */
export interface SmsInboundMessage {
	messageId: string;
	from: string;
	to: string;
	message: string;
	receivedAt: Date;
}

export interface SmsProvider {
	/** Provider name, stored on deliveries: 'kavenegar' or 'log'. */
	readonly name: string;
	/**
	 * Sends one free-text message. With `localId` the call is idempotent: repeating it returns the
	 * first message instead of sending a second one (Kavenegar's localid semantics).
	 */
	send(input: { receptor: string; message: string; localId?: string }): Promise<SmsSendResult>;
	/** Sends a provider-side template (Kavenegar verify/lookup), used for one-time codes. */
	sendLookup(input: {
		receptor: string;
		template: string;
		tokens: string[];
	}): Promise<SmsSendResult>;
	/** Current delivery status of previously sent messages. */
	status(messageIds: string[]): Promise<SmsStatusResult[]>;
	/** Messages received on our line that we may not have seen yet (reconciliation). */
	receive?(input: { lineNumber?: string; unreadOnly?: boolean }): Promise<SmsInboundMessage[]>;
}

export { SmsError, type SmsErrorCode } from './errors';

let override: SmsProvider | undefined;
let cachedKey: string | undefined;
let cached: SmsProvider | undefined;
const logProvider = new LogSmsProvider();

/** The configured provider: Kavenegar when KAVENEGAR_API_KEY is set, else the log provider. */
export function getSmsProvider(): SmsProvider {
	if (override) return override;
	const config = getConfig();
	if (!config.KAVENEGAR_API_KEY) return logProvider;
	const key = `${config.KAVENEGAR_BASE_URL}|${config.KAVENEGAR_API_KEY}|${config.KAVENEGAR_SENDER ?? ''}`;
	if (!cached || cachedKey !== key) {
		cached = new KavenegarClient({
			apiKey: config.KAVENEGAR_API_KEY,
			sender: config.KAVENEGAR_SENDER,
			baseUrl: config.KAVENEGAR_BASE_URL,
			timeoutMs: config.KAVENEGAR_TIMEOUT_MS
		});
		cachedKey = key;
	}
	return cached;
}

/** The in-memory log provider, so tests and the dev console can read what would have been sent. */
export function getLogSmsProvider(): LogSmsProvider {
	return logProvider;
}

/** Replaces the provider (tests); pass undefined to go back to configuration. */
export function setSmsProvider(provider: SmsProvider | undefined): void {
	override = provider;
}
