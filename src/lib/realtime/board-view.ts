/**
 * What a board shows, derived from its data at a given instant: counts per status, SLA
 * pressure in working time, technicians' queues, today's intake and deliveries. Pure; the
 * components re-derive every second for the clock-driven parts.
 */
import { FINAL_STATUSES, STATUSES, type StatusKey } from '#lib/domain/lifecycle';
import { startOfTehranDay } from '#lib/domain/jalali';
import {
	workingMinutesBetween,
	type BranchCalendar,
	type WeeklySchedule
} from '#lib/domain/working-time';
import type { BoardData } from './board-sync';
import type { BoardBranch, BoardRequest, BoardTechnician } from './contract';

/** Working minutes left below which a request counts as about to breach. */
export const AT_RISK_MINUTES = 60;

export type SlaLevel = 'breached' | 'at_risk' | 'ok';

export interface SlaEntry {
	request: BoardRequest;
	minutesLeft: number;
	level: SlaLevel;
}

export interface TechnicianLoad {
	technician: BoardTechnician;
	queue: SlaEntry[];
	breached: number;
	atRisk: number;
}

export interface BoardFigures {
	counts: Record<StatusKey, number>;
	/** Requests at risk or breached, most urgent first. */
	sla: SlaEntry[];
	technicians: TechnicianLoad[];
	intakeToday: number;
	deliveredToday: number;
	unassigned: SlaEntry[];
}

const FINAL = new Set<string>(FINAL_STATUSES);
const calendars = new WeakMap<BoardBranch, BranchCalendar>();

/** The domain calendar of a board branch (cached, since SLA is recomputed every second). */
export function calendarOf(branch: BoardBranch): BranchCalendar {
	let calendar = calendars.get(branch);
	if (!calendar) {
		calendar = {
			weekly: branch.calendar.weekly as unknown as WeeklySchedule,
			holidays: branch.calendar.holidays
		};
		calendars.set(branch, calendar);
	}
	return calendar;
}

/** Working minutes left on a request's open order (negative when overdue), or null without one. */
export function slaOf(
	request: BoardRequest,
	branch: BoardBranch | undefined,
	now: Date
): SlaEntry | null {
	if (!request.dueAt || !branch || FINAL.has(request.status)) return null;
	const minutesLeft = Math.floor(
		workingMinutesBetween(now, new Date(request.dueAt), calendarOf(branch))
	);
	const level: SlaLevel =
		minutesLeft < 0 ? 'breached' : minutesLeft <= AT_RISK_MINUTES ? 'at_risk' : 'ok';
	return { request, minutesLeft, level };
}

/** Whether a request belongs on today's board: still open, or received or closed today. */
export function isOnBoard(request: BoardRequest, dayStart: Date): boolean {
	if (!FINAL.has(request.status)) return true;
	return new Date(request.statusChangedAt) >= dayStart || new Date(request.createdAt) >= dayStart;
}

/** Everything the board displays, as of `now`. */
export function boardFigures(data: BoardData, now: Date): BoardFigures {
	const dayStart = startOfTehranDay(now);
	const branches = new Map(data.branches.map((b) => [b.id, b]));
	const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<StatusKey, number>;
	const sla: SlaEntry[] = [];
	const unassigned: SlaEntry[] = [];
	const byTechnician = new Map<number, SlaEntry[]>();
	let intakeToday = 0;
	let deliveredToday = 0;
	for (const request of data.requests.values()) {
		if (!isOnBoard(request, dayStart)) continue;
		const status = request.status as StatusKey;
		if (FINAL.has(status)) {
			// Final statuses count what was closed today, not every request ever closed.
			if (new Date(request.statusChangedAt) >= dayStart) counts[status] += 1;
		} else if (status in counts) counts[status] += 1;
		if (status !== 'draft' && new Date(request.createdAt) >= dayStart) intakeToday += 1;
		if (status === 'delivered' && new Date(request.statusChangedAt) >= dayStart)
			deliveredToday += 1;
		const entry = slaOf(request, branches.get(request.branchId), now) ?? {
			request,
			minutesLeft: Number.POSITIVE_INFINITY,
			level: 'ok' as const
		};
		if (entry.level !== 'ok') sla.push(entry);
		if (status === 'awaiting_assignment') unassigned.push(entry);
		if (request.technicianId !== null && !FINAL.has(status)) {
			const queue = byTechnician.get(request.technicianId) ?? [];
			queue.push(entry);
			byTechnician.set(request.technicianId, queue);
		}
	}
	const urgency = (a: SlaEntry, b: SlaEntry) =>
		a.minutesLeft - b.minutesLeft || a.request.id - b.request.id;
	sla.sort(urgency);
	unassigned.sort(
		(a, b) => a.request.createdAt.localeCompare(b.request.createdAt) || a.request.id - b.request.id
	);
	const technicians = data.technicians.map((technician) => {
		const queue = (byTechnician.get(technician.id) ?? []).sort(urgency);
		return {
			technician,
			queue,
			breached: queue.filter((e) => e.level === 'breached').length,
			atRisk: queue.filter((e) => e.level === 'at_risk').length
		};
	});
	return { counts, sla, technicians, intakeToday, deliveredToday, unassigned };
}

/** `-95` → `{ sign: -1, hours: 1, minutes: 35 }`, for "1:35 overdue". */
export function splitMinutes(total: number): { sign: 1 | -1; hours: number; minutes: number } {
	const abs = Math.abs(Math.trunc(total));
	return { sign: total < 0 ? -1 : 1, hours: Math.floor(abs / 60), minutes: abs % 60 };
}
