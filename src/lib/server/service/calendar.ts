import { and, eq, gte, isNull, or } from 'drizzle-orm';
import { formatJalaliDate, toJalali } from '#lib/domain/jalali';
import { toWeeklySchedule } from '#lib/domain/hours-input';
import {
	DEFAULT_WEEKLY_SCHEDULE,
	type BranchCalendar,
	type WeeklySchedule
} from '#lib/domain/working-time';
import type { Executor } from '../db';
import { branchHolidays, branches, type WeeklyHours } from '../db/schema';

/** Weekly hours as stored on a branch (`'0'` = Saturday) → the domain's Saturday-first tuple. */
export function weeklySchedule(hours: WeeklyHours | null | undefined): WeeklySchedule {
	const schedule = toWeeklySchedule(hours);
	// A branch whose hours were never entered still gets due times: the usual Iranian week
	// rather than an error at every dispatch.
	return schedule.every((d) => d.length === 0) ? DEFAULT_WEEKLY_SCHEDULE : schedule;
}

/** `2026-03-21` (a stored holiday) → `1405/01/01`, the form the working-time module reads. */
export function holidayToJalali(isoDay: string): string {
	return formatJalaliDate(toJalali(new Date(`${isoDay}T12:00:00+03:30`)));
}

/**
 * The branch's working calendar from `from` on: weekly hours plus its own and national holidays.
 * Unlike org's loadBranchCalendar it reads through the caller's transaction: on PGlite a query
 * outside an open transaction waits for it to end, so it would never return.
 */
export async function loadBranchCalendar(
	db: Executor,
	branchId: number,
	from: Date
): Promise<BranchCalendar> {
	const [branch] = await db
		.select({ weeklyHours: branches.weeklyHours })
		.from(branches)
		.where(eq(branches.id, branchId));
	const since = new Date(from.getTime() - 86_400_000).toISOString().slice(0, 10);
	const rows = await db
		.select({ date: branchHolidays.date })
		.from(branchHolidays)
		.where(
			and(
				or(eq(branchHolidays.branchId, branchId), isNull(branchHolidays.branchId)),
				gte(branchHolidays.date, since)
			)
		);
	return {
		weekly: weeklySchedule(branch?.weeklyHours),
		holidays: rows.map((r) => holidayToJalali(r.date))
	};
}
