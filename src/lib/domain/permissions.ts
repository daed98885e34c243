/**
 * Access control vocabulary: areas of the module, ordered levels, and the built-in roles.
 *
 * A user's effective grants are the per-area maximum over their roles and groups. Row scoping
 * (an agent only sees their own agency's requests) is not a level: the service layer enforces it
 * for the roles listed in `AGENCY_SCOPED_ROLES`.
 */

/** Parts of the module that access is granted on. */
export const PERMISSION_AREAS = [
	'requests',
	'orders',
	'worklogs',
	'qc',
	'warranty',
	'catalog',
	'stock',
	'invoices',
	'reports',
	'boards',
	'admin'
] as const;

/** One part of the module that access is granted on. */
export type PermissionArea = (typeof PERMISSION_AREAS)[number];

/** Levels in increasing order: each one includes the ones before it. */
export const PERMISSION_LEVELS = ['view', 'edit', 'manage'] as const;

/** How much a grant allows within an area. */
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** A requirement: at least `level` on `area`. */
export interface Permission {
	area: PermissionArea;
	level: PermissionLevel;
}

/** What an actor holds: the highest level per area; a missing area means no access at all. */
export type GrantedLevels = Partial<Record<PermissionArea, PermissionLevel>>;

/** Tells whether a granted level (or none) satisfies the required level. */
export function levelAtLeast(
	granted: PermissionLevel | undefined,
	required: PermissionLevel
): boolean {
	if (granted === undefined) return false;
	return PERMISSION_LEVELS.indexOf(granted) >= PERMISSION_LEVELS.indexOf(required);
}

/** Tells whether the grants satisfy a permission requirement. */
export function hasPermission(grants: GrantedLevels, required: Permission): boolean {
	return levelAtLeast(grants[required.area], required.level);
}

/** Merges grant sets (roles, groups) keeping the highest level per area. */
export function combineGrants(...sets: readonly GrantedLevels[]): GrantedLevels {
	const combined: GrantedLevels = {};
	for (const set of sets) {
		for (const area of PERMISSION_AREAS) {
			const level = set[area];
			if (level !== undefined && !levelAtLeast(combined[area], level)) combined[area] = level;
		}
	}
	return combined;
}

/** Built-in role keys, seeded on install; organisations may add their own roles beside them. */
export const ROLE_KEYS = [
	'admin',
	'supervisor',
	'reception',
	'dispatcher',
	'technician',
	'qc',
	'warehouse',
	'accountant',
	'agent'
] as const;

/** Key of a built-in role. */
export type RoleKey = (typeof ROLE_KEYS)[number];

function allAreas(level: PermissionLevel): GrantedLevels {
	return Object.fromEntries(PERMISSION_AREAS.map((area) => [area, level])) as GrantedLevels;
}

/** Grants of each built-in role. */
export const BUILT_IN_ROLES: Readonly<Record<RoleKey, Readonly<GrantedLevels>>> = {
	admin: allAreas('manage'),
	supervisor: {
		...allAreas('view'),
		requests: 'manage',
		orders: 'manage',
		worklogs: 'manage',
		qc: 'manage',
		warranty: 'manage',
		reports: 'manage',
		boards: 'manage'
	},
	reception: { requests: 'edit', warranty: 'view', catalog: 'view', boards: 'view' },
	dispatcher: {
		orders: 'edit',
		requests: 'view',
		worklogs: 'view',
		boards: 'view',
		reports: 'view'
	},
	technician: { worklogs: 'edit', requests: 'view', orders: 'view', catalog: 'view' },
	qc: { qc: 'edit', requests: 'view', orders: 'view', worklogs: 'view' },
	warehouse: { stock: 'edit', catalog: 'view', requests: 'view', orders: 'view', worklogs: 'view' },
	accountant: { invoices: 'edit', stock: 'view', reports: 'view', requests: 'view' },
	agent: { requests: 'edit', warranty: 'view' }
};

/** Roles whose request access is limited to their own agency's requests (enforced by services). */
export const AGENCY_SCOPED_ROLES: readonly RoleKey[] = ['agent'];

/** Display names of the built-in roles. */
export const ROLE_NAMES: Readonly<Record<RoleKey, { fa: string; en: string }>> = {
	admin: { fa: 'مدیر سیستم', en: 'Administrator' },
	supervisor: { fa: 'سرپرست', en: 'Supervisor' },
	reception: { fa: 'پذیرش', en: 'Reception' },
	dispatcher: { fa: 'مسئول تخصیص کار', en: 'Dispatcher' },
	technician: { fa: 'سرویس‌کار', en: 'Technician' },
	qc: { fa: 'کنترل کیفیت', en: 'Quality control' },
	warehouse: { fa: 'انباردار', en: 'Warehouse keeper' },
	accountant: { fa: 'حسابدار', en: 'Accountant' },
	agent: { fa: 'نماینده', en: 'Agent' }
};
