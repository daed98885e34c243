/**
 * Queue tickets at reception counters (باجه): how a ticket number is shown, which actions a
 * ticket allows in each status, and the Tehran day its number belongs to. Pure logic.
 */
import { TEHRAN_UTC_OFFSET_MINUTES } from './jalali';

export const QUEUE_PURPOSES = ['reception', 'delivery', 'consultation'] as const;
export type QueuePurpose = (typeof QUEUE_PURPOSES)[number];
export const QUEUE_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
/** What counter staff can do with the ticket in front of them. */
export const QUEUE_ACTIONS = ['recall', 'start', 'done', 'no_show'] as const;
export type QueueAction = (typeof QUEUE_ACTIONS)[number];

/** The letter of each purpose: customers hear "A 12" and look for the same on the screen. */
export const PURPOSE_LETTER: Readonly<Record<QueuePurpose, string>> = {
	reception: 'A',
	delivery: 'B',
	consultation: 'C'
};

/** The number a customer sees: purpose letter and three digits (`A012`). */
export function ticketCode(purpose: QueuePurpose, number: number): string {
	return `${PURPOSE_LETTER[purpose]}${String(number).padStart(3, '0')}`;
}

/** The status each action leads to, from the statuses it is allowed in. */
const MOVES: Readonly<Record<QueueAction, { from: readonly QueueStatus[]; to: QueueStatus }>> = {
	recall: { from: ['called'], to: 'called' },
	start: { from: ['called'], to: 'serving' },
	done: { from: ['called', 'serving'], to: 'done' },
	no_show: { from: ['called'], to: 'no_show' }
};

/** The status after `action`, or null when the ticket's status does not allow it. */
export function nextTicketStatus(status: QueueStatus, action: QueueAction): QueueStatus | null {
	const move = MOVES[action];
	return move.from.includes(status) ? move.to : null;
}

/** The actions a ticket in `status` allows, in the order the buttons show them. */
export function allowedTicketActions(status: QueueStatus): QueueAction[] {
	return QUEUE_ACTIONS.filter((a) => nextTicketStatus(status, a) !== null);
}

/** Whether a ticket is at a counter now (called or being served). */
export function isActiveTicket(status: QueueStatus): boolean {
	return status === 'called' || status === 'serving';
}

/** The Tehran calendar day (`YYYY-MM-DD`, Gregorian) of an instant; numbering restarts daily. */
export function tehranDay(at: Date): string {
	// Iran has kept a fixed +03:30 offset since 2022 (no daylight saving).
	const shifted = new Date(at.getTime() + TEHRAN_UTC_OFFSET_MINUTES * 60_000);
	return shifted.toISOString().slice(0, 10);
}

/**
 * How many tickets a kiosk gives before it asks to wait: a tablet at the door serves a whole
 * branch (one address, customers one after another), so the limits stop a stuck finger or a
 * script with a leaked link, not a busy morning. The address limit is wider than the kiosk's
 * because two tablets of a branch usually share one address.
 */
export const KIOSK_LIMITS = {
	windowMs: 60_000,
	perKioskPerWindow: 6,
	perIpPerWindow: 12,
	/** Kiosk tickets of one branch per hour (staff can still issue tickets at the counter). */
	perBranchPerHour: 240
} as const;
