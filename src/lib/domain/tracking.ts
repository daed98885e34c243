/**
 * The customer tracking page's pure rules: how much of a mobile is shown before the customer
 * proves it is theirs, the limits on one-time codes, and the customer's view of the lifecycle.
 */
import type { StatusKey } from './lifecycle';

/** Limits on one-time codes: few sends, few guesses, short lives. */
export const TRACKING_LIMITS = {
	codeDigits: 6,
	codeTtlMs: 5 * 60_000,
	/** Wrong guesses one code allows before it is dead. */
	maxAttempts: 5,
	/** Codes one request may be sent per window, and the pause between two sends. */
	maxSendsPerWindow: 3,
	sendWindowMs: 15 * 60_000,
	minSendGapMs: 60_000,
	/** Codes one address may ask for per hour, whatever the request. */
	maxSendsPerIpPerHour: 10,
	/** How long a verified browser sees personal details. */
	sessionTtlMs: 30 * 60_000
} as const;

/** `+989121234567` → `0912 *** **67`: enough to recognise one's own number, not to learn it. */
export function maskMobile(mobile: string): string {
	const digits = mobile.replace(/\D/g, '');
	if (digits.length < 6) return '***';
	const national = digits.startsWith('98') ? `0${digits.slice(2)}` : digits;
	return `${national.slice(0, 4)} *** **${national.slice(-2)}`;
}

/**
 * The step of the customer's journey a status belongs to, in plain words: received, being
 * checked, waiting for your answer, being repaired, quality check, ready, done.
 */
export type TrackingStep =
	| 'received'
	| 'diagnosing'
	| 'awaiting_answer'
	| 'repairing'
	| 'checking'
	| 'ready'
	| 'delivered'
	| 'replaced'
	| 'cancelled';

const STEP_OF: Record<StatusKey, TrackingStep> = {
	draft: 'received',
	awaiting_assignment: 'received',
	awaiting_cost: 'diagnosing',
	no_cost_declared: 'repairing',
	cost_approved: 'repairing',
	cost_rejected: 'ready',
	awaiting_repair: 'repairing',
	awaiting_qc: 'checking',
	returned_from_qc: 'repairing',
	awaiting_sorting: 'checking',
	ready_for_delivery: 'ready',
	delivered: 'delivered',
	replaced: 'replaced',
	cancelled: 'cancelled'
};

/** The plain-words step of a status; `awaiting_answer` when an estimate waits for the customer. */
export function trackingStep(status: StatusKey, estimatePending = false): TrackingStep {
	if (status === 'awaiting_cost' && estimatePending) return 'awaiting_answer';
	return STEP_OF[status];
}

/** A code typed with any digits and spaces, as the six Latin digits it must be, or null. */
export function normalizeCode(input: string): string | null {
	const latin = input
		.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
		.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
		.replace(/\s|-/g, '');
	return new RegExp(`^\\d{${TRACKING_LIMITS.codeDigits}}$`).test(latin) ? latin : null;
}
