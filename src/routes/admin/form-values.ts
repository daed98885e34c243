/**
 * Between HTML forms and the admin schemas: a posted form is flat strings (`grant.qc=edit`,
 * repeated `roleIds`), the services take typed objects. Used by the actions to build schema
 * input, and by the pages to refill a form from the values sent back with a failure.
 */
import { PERMISSION_AREAS, PERMISSION_LEVELS, type GrantedLevels } from '#lib/domain/permissions';
import { normalizeDigits } from '#lib/domain/text';

type Raw = Record<string, unknown>;

/** Name prefix of the grant-matrix radios; `<prefix>.<area>` = level, or `none`. */
export const GRANT_PREFIX = 'grant';
/** Sent by an enabled grant matrix only, so a read-only matrix never clears grants. */
export const GRANT_MARKER = `${GRANT_PREFIX}._present`;

/** A posted field as text; anything else (missing, repeated) reads as empty. */
export function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	return typeof value === 'string' ? [value] : [];
}

/** Ids typed or ticked in any digit system; anything unreadable is kept as NaN for the schema to refuse. */
export function idsFromForm(raw: Raw, key: string): number[] {
	return list(raw[key]).map((v) => Number(normalizeDigits(v).trim()));
}

/** An optional id select: empty means none. */
export function optionalIdFromForm(raw: Raw, key: string): number | null {
	const value = normalizeDigits(text(raw[key])).trim();
	return value === '' ? null : Number(value);
}

/** The grant matrix as posted, or undefined when the matrix was read-only (not posted). */
export function grantsFromForm(raw: Raw): GrantedLevels | undefined {
	if (raw[GRANT_MARKER] === undefined) return undefined;
	const grants: GrantedLevels = {};
	for (const area of PERMISSION_AREAS) {
		const level = text(raw[`${GRANT_PREFIX}.${area}`]);
		if ((PERMISSION_LEVELS as readonly string[]).includes(level)) {
			grants[area] = level as (typeof PERMISSION_LEVELS)[number];
		}
	}
	return grants;
}

/** Schema input for creating or editing a user from the user form. */
export function userInputFromForm(raw: Raw): Record<string, unknown> {
	const password = text(raw.password);
	const version = text(raw.version);
	return {
		username: text(raw.username),
		displayName: text(raw.displayName),
		...(password ? { password } : {}),
		mobile: text(raw.mobile),
		personnelNo: text(raw.personnelNo),
		locale: text(raw.locale) || 'fa',
		branchId: optionalIdFromForm(raw, 'branchId'),
		agencyId: optionalIdFromForm(raw, 'agencyId'),
		roleIds: idsFromForm(raw, 'roleIds'),
		groupIds: idsFromForm(raw, 'groupIds'),
		grants: grantsFromForm(raw) ?? {},
		active: raw.active === 'on',
		...(version ? { version: Number(version) } : {})
	};
}

/** What the user form shows: either the stored user or the values just submitted. */
export interface UserFormValues {
	username: string;
	displayName: string;
	mobile: string;
	personnelNo: string;
	locale: 'fa' | 'en';
	branchId: number | null;
	agencyId: number | null;
	roleIds: number[];
	groupIds: number[];
	grants: GrantedLevels;
	active: boolean;
}

/** Refills the user form from a failed submission, so nothing typed is lost. */
export function userValuesFromSubmission(raw: Raw): UserFormValues {
	const input = userInputFromForm(raw);
	return {
		username: text(raw.username),
		displayName: text(raw.displayName),
		mobile: text(raw.mobile),
		personnelNo: text(raw.personnelNo),
		locale: input.locale === 'en' ? 'en' : 'fa',
		branchId: input.branchId as number | null,
		agencyId: input.agencyId as number | null,
		roleIds: input.roleIds as number[],
		groupIds: input.groupIds as number[],
		grants: input.grants as GrantedLevels,
		active: raw.active === 'on'
	};
}
