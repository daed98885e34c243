/**
 * Bridges stored warranties and the pure date rules in `#lib/domain/warranty-dates`: which dates
 * a warranty row keeps, and where it stands today.
 */
import {
	computeWarrantyPeriod,
	warrantyStatus,
	type WarrantyPeriod,
	type WarrantyStatus
} from '#lib/domain/warranty-dates';
import type { Warranty, WarrantyType } from '../db/schema';

export type PeriodRule = Pick<WarrantyType, 'startRule' | 'months' | 'days' | 'graceDays'>;
export type TriggerDates = Pick<Warranty, 'saleDate' | 'registeredAt' | 'activatedAt'>;
export type StoredPeriod = Pick<Warranty, 'startsOn' | 'endsOn' | 'graceEndsOn'>;

/** The start, last covered day and last grace day a warranty of this type has with these dates. */
export function periodColumns(type: PeriodRule, dates: Partial<TriggerDates>): StoredPeriod {
	const period = computeWarrantyPeriod({
		rule: type.startRule,
		saleDate: dates.saleDate ?? null,
		registrationDate: dates.registeredAt ?? null,
		activationDate: dates.activatedAt ?? null,
		months: type.months,
		days: type.days,
		graceDays: type.graceDays
	});
	return period.pending
		? { startsOn: null, endsOn: null, graceEndsOn: null }
		: { startsOn: period.start, endsOn: period.end, graceEndsOn: period.graceEnd };
}

/** Where a stored warranty stands on `now`: covered (`active`), in grace, expired or pending. */
export function stateOf(stored: StoredPeriod, now = new Date()): WarrantyStatus {
	const period: WarrantyPeriod =
		stored.startsOn && stored.endsOn && stored.graceEndsOn
			? { pending: false, start: stored.startsOn, end: stored.endsOn, graceEnd: stored.graceEndsOn }
			: { pending: true, start: null, end: null, graceEnd: null };
	return warrantyStatus(period, now);
}
