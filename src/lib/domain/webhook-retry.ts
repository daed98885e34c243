/**
 * When a failed webhook delivery is tried again, and which events an endpoint takes. Pure: the
 * delivery worker asks, the queue waits (`job.run_after`).
 */

/** Attempts before a delivery is given up (manual redelivery stays possible). */
export const WEBHOOK_MAX_ATTEMPTS = 8;

const BASE_MS = 30_000;
const CAP_MS = 6 * 3_600_000;

/**
 * Wait before attempt `failed + 1` after `failed` failures: 30 s, 1 min, 2 min, 4 min … doubling,
 * at most 6 h. `jitter` (0–1, from the caller's random source) spreads retries by up to +20 % so
 * a receiver that comes back is not hit by every queued delivery in the same second.
 */
export function webhookRetryDelayMs(failed: number, jitter = 0): number {
	const exponent = Math.max(0, failed - 1);
	const base = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(exponent, 20));
	return Math.round(base * (1 + Math.min(Math.max(jitter, 0), 1) * 0.2));
}

/**
 * Whether an event type is wanted by an endpoint's filter: empty = every event; `invoice.*` or
 * `invoice.` = every event of that family; anything else must match exactly.
 */
export function wantsEvent(filter: readonly string[], type: string): boolean {
	if (filter.length === 0) return true;
	return filter.some((pattern) => {
		if (pattern === '*') return true;
		if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
		if (pattern.endsWith('.')) return type.startsWith(pattern);
		return type === pattern;
	});
}

/** The event families offered as checkboxes (every domain event the issue names). */
export const WEBHOOK_EVENT_FAMILIES = [
	'service_request.*',
	'service_order.*',
	'work_log.*',
	'estimate.*',
	'delivery.*',
	'replacement.*',
	'stock_document.*',
	'invoice.*',
	'credit_note.*',
	'journal_entry.*',
	'payroll_month.*'
] as const;
