import { z } from 'zod';
import type { Actor } from '../auth/access';
import { requirePermission } from '../auth/access';
import { getDb } from '../db';
import { parseOrThrow } from '../http/errors';
import { journalInRange, trialBalanceInRange } from './ledger';

const DAY = 86_400_000;

/** A date range: `from` inclusive, `to` inclusive as a day (ISO dates or instants). */
export const rangeSchema = z
	.object({ from: z.coerce.date(), to: z.coerce.date() })
	.refine((r) => r.from.getTime() <= r.to.getTime(), {
		message: 'validation.invalid',
		path: ['to']
	});

function toRange(raw: unknown) {
	const { from, to } = parseOrThrow(rangeSchema, raw);
	// A bare day as `to` means "up to the end of that day".
	const end =
		to.getUTCHours() === 0 && to.getUTCMinutes() === 0 && to.getUTCSeconds() === 0
			? new Date(to.getTime() + DAY)
			: to;
	return { from, to: end };
}

/** Trial balance over a date range, within the actor's branch. */
export async function trialBalance(actor: Actor, raw: unknown) {
	requirePermission(actor, 'reports', 'view');
	return trialBalanceInRange(await getDb(), { ...toRange(raw), branchId: actor.user.branchId });
}

/** Journal entries with their lines over a date range, within the actor's branch. */
export async function journalList(actor: Actor, raw: unknown) {
	requirePermission(actor, 'reports', 'view');
	return journalInRange(await getDb(), { ...toRange(raw), branchId: actor.user.branchId });
}
