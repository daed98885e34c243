// The one list of what the server protects and with which permission. permission-matrix.spec.ts
// checks every entry for every built-in role, and fails when a route under src/routes is in
// neither this list nor the public one: a new feature adds its pages and endpoints here.
import type { Permission } from '#lib/domain/permissions';

/** Ids the matrix creates or looks up before it runs, for routes with a `[param]`. */
export interface RouteIds {
	/** The administrator's user id. */
	userId: number;
	/** The built-in admin role. */
	roleId: number;
	/** A user group created for the matrix. */
	groupId: number;
	/** An id nothing has: writes to it are harmless once the permission check has passed. */
	missing: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ProtectedApiRoute {
	method: HttpMethod;
	/** Route id as SvelteKit names it: the folder under src/routes, with `[param]` segments. */
	route: string;
	/** Required permission; the route answers 403 to a signed-in caller without it. */
	permission: Permission;
	/** The URL to call; required when `route` has parameters. */
	path?: (ids: RouteIds) => string;
	/** A valid body; a permitted caller must then get a 2xx. */
	body?: () => unknown;
	/**
	 * What a permitted caller must get. `ok` (a 2xx) is the default for reads and for writes with a
	 * body; `not-denied` (anything below 500 but 401/403, e.g. 404 for a missing id or 422 for an
	 * empty body) is the default for other writes, which must not change data other specs see.
	 */
	allowed?: 'ok' | 'not-denied';
	/**
	 * `bearer` (default): the REST API, called with a token; signed out it answers 401 JSON.
	 * `session`: an endpoint the pages call with the browser's cookie (exports); signed out it
	 * leads to sign-in like a page.
	 */
	auth?: 'bearer' | 'session';
}

export interface ProtectedPage {
	/** Route id as SvelteKit names it. */
	route: string;
	/** Required permission; `null` means any signed-in user may open it. */
	permission: Permission | null;
	path?: (ids: RouteIds) => string;
	/** What a permitted user gets: 200, or the redirect status of a page that forwards elsewhere. */
	allowedStatus?: number;
}

export interface ProtectedAction {
	/** Route id of the page whose form action this is. */
	route: string;
	/** Named action (`?/name`); omit for the default action. */
	action?: string;
	permission: Permission;
	path?: (ids: RouteIds) => string;
	/**
	 * Whether to submit it as a permitted user too (with an empty form, which only has to get past
	 * the permission check). Off for actions whose permitted effect would disturb other specs.
	 */
	tryAllowed?: boolean;
}

const adminView: Permission = { area: 'admin', level: 'view' };
const adminManage: Permission = { area: 'admin', level: 'manage' };

/** Unique per call, so bodies that create something never collide across roles or runs. */
function unique(prefix: string): string {
	return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export const PROTECTED_API_ROUTES: ProtectedApiRoute[] = [
	// Users, roles and groups (administration).
	{ method: 'GET', route: '/api/v1/users', permission: adminView },
	{
		method: 'POST',
		route: '/api/v1/users',
		permission: adminManage,
		body: () => ({ username: unique('matrix.'), displayName: 'Matrix user', password: 'matrix-password-1403' })
	},
	{ method: 'GET', route: '/api/v1/users/[id]', permission: adminView, path: (ids) => `/api/v1/users/${ids.userId}` },
	{
		method: 'PATCH',
		route: '/api/v1/users/[id]',
		permission: adminManage,
		path: (ids) => `/api/v1/users/${ids.missing}`
	},
	{
		method: 'DELETE',
		route: '/api/v1/users/[id]',
		permission: adminManage,
		path: (ids) => `/api/v1/users/${ids.missing}`
	},
	{
		method: 'POST',
		route: '/api/v1/users/[id]/password',
		permission: adminManage,
		path: (ids) => `/api/v1/users/${ids.missing}/password`
	},
	{ method: 'GET', route: '/api/v1/roles', permission: adminView },
	{
		method: 'POST',
		route: '/api/v1/roles',
		permission: adminManage,
		body: () => ({ key: unique('matrix_'), nameFa: 'نقش آزمون', nameEn: 'Matrix role' })
	},
	{ method: 'GET', route: '/api/v1/roles/[id]', permission: adminView, path: (ids) => `/api/v1/roles/${ids.roleId}` },
	{
		method: 'PATCH',
		route: '/api/v1/roles/[id]',
		permission: adminManage,
		path: (ids) => `/api/v1/roles/${ids.missing}`
	},
	{
		method: 'DELETE',
		route: '/api/v1/roles/[id]',
		permission: adminManage,
		path: (ids) => `/api/v1/roles/${ids.missing}`
	},
	{ method: 'GET', route: '/api/v1/user-groups', permission: adminView },
	{
		method: 'POST',
		route: '/api/v1/user-groups',
		permission: adminManage,
		body: () => ({ name: unique('گروه آزمون ') })
	},
	{
		method: 'GET',
		route: '/api/v1/user-groups/[id]',
		permission: adminView,
		path: (ids) => `/api/v1/user-groups/${ids.groupId}`
	},
	{
		method: 'PATCH',
		route: '/api/v1/user-groups/[id]',
		permission: adminManage,
		path: (ids) => `/api/v1/user-groups/${ids.missing}`
	},
	{
		method: 'DELETE',
		route: '/api/v1/user-groups/[id]',
		permission: adminManage,
		path: (ids) => `/api/v1/user-groups/${ids.missing}`
	}
];

/** Endpoints anyone may call; listed so the completeness check knows they are public on purpose. */
export const PUBLIC_API_ROUTES: { method: HttpMethod; route: string }[] = [
	{ method: 'POST', route: '/api/v1/auth/login' },
	{ method: 'POST', route: '/api/v1/auth/logout' },
	{ method: 'GET', route: '/api/v1/openapi.json' },
	{ method: 'GET', route: '/healthz' }
];

export const PROTECTED_PAGES: ProtectedPage[] = [
	{ route: '/', permission: null },
	{ route: '/admin', permission: adminView, allowedStatus: 307 },
	{ route: '/admin/users', permission: adminView },
	{ route: '/admin/users/new', permission: adminManage },
	{ route: '/admin/users/[id]', permission: adminView, path: (ids) => `/admin/users/${ids.userId}` },
	{ route: '/admin/roles', permission: adminView },
	{ route: '/admin/roles/[id]', permission: adminView, path: (ids) => `/admin/roles/${ids.roleId}` },
	{ route: '/admin/groups', permission: adminView },
	{ route: '/admin/groups/[id]', permission: adminView, path: (ids) => `/admin/groups/${ids.groupId}` }
];

/** Pages anyone may open (or that only take a form post), listed for the completeness check. */
export const PUBLIC_PAGES: string[] = ['/login', '/logout', '/setup', '/locale'];

export const PROTECTED_ACTIONS: ProtectedAction[] = [
	// Loading demo data as a permitted user would change what other specs see.
	{ route: '/', action: 'demo', permission: adminManage, tryAllowed: false },
	{ route: '/admin/users/new', permission: adminManage },
	{
		route: '/admin/users/[id]',
		permission: adminManage,
		path: (ids) => `/admin/users/${ids.missing}`
	},
	{ route: '/admin/roles', permission: adminManage },
	{ route: '/admin/roles/[id]', action: 'save', permission: adminManage, path: (ids) => `/admin/roles/${ids.missing}` },
	{
		route: '/admin/roles/[id]',
		action: 'delete',
		permission: adminManage,
		path: (ids) => `/admin/roles/${ids.missing}`
	},
	{ route: '/admin/groups', permission: adminManage },
	{
		route: '/admin/groups/[id]',
		action: 'save',
		permission: adminManage,
		path: (ids) => `/admin/groups/${ids.missing}`
	},
	{
		route: '/admin/groups/[id]',
		action: 'delete',
		permission: adminManage,
		path: (ids) => `/admin/groups/${ids.missing}`
	}
];

/** The concrete URL of a table entry. */
export function urlOf(entry: { route: string; path?: (ids: RouteIds) => string }, ids: RouteIds): string {
	if (entry.path) return entry.path(ids);
	if (entry.route.includes('[')) throw new Error(`${entry.route} has parameters: give it a path`);
	return entry.route;
}
