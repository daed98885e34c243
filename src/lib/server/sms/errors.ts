/** Errors of the SMS port, in their own module so providers and the port share them without a cycle. */

export type SmsErrorCode =
	| 'bad_request'
	| 'unauthorized'
	| 'account_disabled'
	| 'no_credit'
	| 'bad_receptor'
	| 'bad_sender'
	| 'bad_message'
	| 'template_not_found'
	| 'ip_not_allowed'
	| 'rate_limited'
	| 'receptor_blocked'
	| 'provider_unavailable'
	| 'timeout'
	| 'network'
	| 'unknown';

/** A failed provider call with a code callers can act on and a message people can read. */
export class SmsError extends Error {
	constructor(
		readonly code: SmsErrorCode,
		message: string,
		/** True when trying again later may succeed (timeouts, 5xx, rate limits). */
		readonly retryable: boolean,
		readonly providerStatus?: number
	) {
		super(message);
		this.name = 'SmsError';
	}
}
