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
	/** Required permission; `null` means any signed-in caller. Without it: 403. */
	permission: Permission | null;
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
const catalogView: Permission = { area: 'catalog', level: 'view' };
const catalogEdit: Permission = { area: 'catalog', level: 'edit' };
const warrantyView: Permission = { area: 'warranty', level: 'view' };
const warrantyEdit: Permission = { area: 'warranty', level: 'edit' };
const requestsView: Permission = { area: 'requests', level: 'view' };
const requestsEdit: Permission = { area: 'requests', level: 'edit' };
const requestsManage: Permission = { area: 'requests', level: 'manage' };
const ordersView: Permission = { area: 'orders', level: 'view' };
const ordersEdit: Permission = { area: 'orders', level: 'edit' };
const worklogsView: Permission = { area: 'worklogs', level: 'view' };
const worklogsEdit: Permission = { area: 'worklogs', level: 'edit' };
const qcEdit: Permission = { area: 'qc', level: 'edit' };
const boardsView: Permission = { area: 'boards', level: 'view' };

/** Unique per call, so bodies that create something never collide across roles or runs. */
function unique(prefix: string): string {
	return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A route whose `[id]` points at nothing: permitted callers get past the check and find nothing. */
function missing(
	method: HttpMethod,
	route: string,
	permission: Permission | null
): ProtectedApiRoute {
	return {
		method,
		route,
		permission,
		path: (ids) => route.replace(/\[[^\]]+\]/g, String(ids.missing)),
		allowed: 'not-denied'
	};
}

/** The five endpoints of a catalogue definition kind (services, work types, …). */
function definitionRoutes(base: string): ProtectedApiRoute[] {
	return [
		{ method: 'GET', route: base, permission: catalogView },
		{ method: 'POST', route: base, permission: catalogEdit },
		missing('GET', `${base}/[id]`, catalogView),
		missing('PATCH', `${base}/[id]`, catalogEdit),
		missing('DELETE', `${base}/[id]`, catalogEdit),
		{ method: 'POST', route: `${base}/reorder`, permission: catalogEdit }
	];
}

export const PROTECTED_API_ROUTES: ProtectedApiRoute[] = [
	// Administration: users, roles, groups.
	{ method: 'GET', route: '/api/v1/users', permission: adminView },
	{
		method: 'POST',
		route: '/api/v1/users',
		permission: adminManage,
		body: () => ({
			username: unique('matrix.'),
			displayName: 'Matrix user',
			password: 'matrix-password-1403'
		})
	},
	{
		method: 'GET',
		route: '/api/v1/users/[id]',
		permission: adminView,
		path: (ids) => `/api/v1/users/${ids.userId}`
	},
	missing('PATCH', '/api/v1/users/[id]', adminManage),
	missing('DELETE', '/api/v1/users/[id]', adminManage),
	missing('POST', '/api/v1/users/[id]/password', adminManage),
	{ method: 'GET', route: '/api/v1/roles', permission: adminView },
	{
		method: 'POST',
		route: '/api/v1/roles',
		permission: adminManage,
		body: () => ({ key: unique('matrix_'), nameFa: 'نقش آزمون', nameEn: 'Matrix role' })
	},
	{
		method: 'GET',
		route: '/api/v1/roles/[id]',
		permission: adminView,
		path: (ids) => `/api/v1/roles/${ids.roleId}`
	},
	missing('PATCH', '/api/v1/roles/[id]', adminManage),
	missing('DELETE', '/api/v1/roles/[id]', adminManage),
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
	missing('PATCH', '/api/v1/user-groups/[id]', adminManage),
	missing('DELETE', '/api/v1/user-groups/[id]', adminManage),
	// Any signed-in user may ask about a background job; only its creator gets an answer.
	missing('GET', '/api/v1/jobs/[id]', null),

	// Organisation: branches, holidays, counters, agencies.
	{ method: 'GET', route: '/api/v1/branches', permission: catalogView },
	{ method: 'POST', route: '/api/v1/branches', permission: adminManage },
	missing('GET', '/api/v1/branches/[id]', catalogView),
	missing('PATCH', '/api/v1/branches/[id]', adminManage),
	{ method: 'GET', route: '/api/v1/branches/holidays', permission: catalogView },
	{ method: 'POST', route: '/api/v1/branches/holidays', permission: adminManage },
	missing('DELETE', '/api/v1/branches/holidays/[id]', adminManage),
	{ method: 'GET', route: '/api/v1/counters', permission: catalogView },
	{ method: 'POST', route: '/api/v1/counters', permission: adminManage },
	missing('PATCH', '/api/v1/counters/[id]', adminManage),
	{ method: 'GET', route: '/api/v1/agencies', permission: catalogView },
	{ method: 'POST', route: '/api/v1/agencies', permission: adminManage },
	missing('PATCH', '/api/v1/agencies/[id]', adminManage),

	// Catalogue: definitions, products, units.
	...definitionRoutes('/api/v1/services'),
	...definitionRoutes('/api/v1/work-types'),
	...definitionRoutes('/api/v1/service-types'),
	...definitionRoutes('/api/v1/priorities'),
	{ method: 'GET', route: '/api/v1/products', permission: catalogView },
	{ method: 'POST', route: '/api/v1/products', permission: catalogEdit },
	missing('GET', '/api/v1/products/[id]', catalogView),
	missing('PATCH', '/api/v1/products/[id]', catalogEdit),
	missing('DELETE', '/api/v1/products/[id]', catalogEdit),
	missing('GET', '/api/v1/products/[id]/bom', catalogView),
	missing('POST', '/api/v1/products/[id]/bom', catalogEdit),
	missing('DELETE', '/api/v1/products/[id]/bom/[partId]', catalogEdit),
	missing('GET', '/api/v1/products/[id]/services', catalogView),
	missing('PUT', '/api/v1/products/[id]/services', catalogEdit),
	{ method: 'GET', route: '/api/v1/products/categories', permission: catalogView },
	{ method: 'POST', route: '/api/v1/products/categories', permission: catalogEdit },
	missing('PATCH', '/api/v1/products/categories/[id]', catalogEdit),
	{ method: 'POST', route: '/api/v1/products/serviceability', permission: catalogEdit },
	{ method: 'GET', route: '/api/v1/units', permission: catalogView },
	{ method: 'POST', route: '/api/v1/units', permission: catalogEdit },
	missing('GET', '/api/v1/units/[id]', catalogView),
	missing('PATCH', '/api/v1/units/[id]', catalogEdit),
	{ method: 'POST', route: '/api/v1/units/import', permission: catalogEdit },

	// Warranty.
	{ method: 'GET', route: '/api/v1/warranty-types', permission: warrantyView },
	{ method: 'POST', route: '/api/v1/warranty-types', permission: warrantyEdit },
	missing('GET', '/api/v1/warranty-types/[id]', warrantyView),
	missing('PATCH', '/api/v1/warranty-types/[id]', warrantyEdit),
	{ method: 'GET', route: '/api/v1/warranties', permission: warrantyView },
	{ method: 'POST', route: '/api/v1/warranties', permission: warrantyEdit },
	missing('GET', '/api/v1/warranties/[id]', warrantyView),
	missing('PATCH', '/api/v1/warranties/[id]', warrantyEdit),
	missing('POST', '/api/v1/warranties/[id]/assign', warrantyEdit),
	{ method: 'POST', route: '/api/v1/warranties/activate', permission: warrantyEdit },
	{ method: 'POST', route: '/api/v1/warranties/deactivate', permission: warrantyEdit },
	{ method: 'POST', route: '/api/v1/warranties/import', permission: warrantyEdit },
	// Without a serial the lookup has nothing to find: permitted callers get a validation error.
	{
		method: 'GET',
		route: '/api/v1/warranties/lookup',
		permission: warrantyView,
		allowed: 'not-denied'
	},

	// Customers and the service path: requests, orders, work logs, QC, estimates.
	{ method: 'GET', route: '/api/v1/customers', permission: requestsView },
	{ method: 'POST', route: '/api/v1/customers', permission: requestsEdit },
	missing('GET', '/api/v1/customers/[id]', requestsView),
	missing('PATCH', '/api/v1/customers/[id]', requestsEdit),
	{ method: 'GET', route: '/api/v1/service-requests', permission: requestsView },
	{ method: 'POST', route: '/api/v1/service-requests', permission: requestsEdit },
	{ method: 'POST', route: '/api/v1/service-requests/bulk', permission: requestsEdit },
	missing('GET', '/api/v1/service-requests/[id]', requestsView),
	missing('GET', '/api/v1/service-requests/[id]/history', requestsView),
	// Each transition checks its own permission too; the route itself needs only sight of requests.
	missing('POST', '/api/v1/service-requests/[id]/transitions', requestsView),
	{ method: 'GET', route: '/api/v1/service-orders', permission: ordersView },
	{ method: 'POST', route: '/api/v1/service-orders', permission: ordersEdit },
	missing('PATCH', '/api/v1/service-orders/[id]', ordersEdit),
	{ method: 'GET', route: '/api/v1/work-logs', permission: worklogsView },
	{ method: 'POST', route: '/api/v1/work-logs', permission: worklogsEdit },
	missing('POST', '/api/v1/work-logs/[id]/qc', qcEdit),
	{ method: 'POST', route: '/api/v1/estimates', permission: worklogsEdit },
	missing('POST', '/api/v1/estimates/[id]/answer', requestsEdit),
	{ method: 'GET', route: '/api/v1/search/requests', permission: requestsView },
	{ method: 'GET', route: '/api/v1/search/orders', permission: ordersView },
	{ method: 'GET', route: '/api/v1/search/work-logs', permission: worklogsView },
	// The reception form's live lookups: without a key there is nothing to look up.
	{ method: 'GET', route: '/requests/lookup', permission: requestsView, allowed: 'not-denied' },
	{
		method: 'GET',
		route: '/requests/lookup/customer',
		permission: requestsEdit,
		allowed: 'not-denied'
	},
	// The search pages' export links, opened with the browser's session.
	{ method: 'GET', route: '/search/requests/export', permission: requestsView, auth: 'session' },
	{ method: 'GET', route: '/search/orders/export', permission: ordersView, auth: 'session' },
	{ method: 'GET', route: '/search/work-logs/export', permission: worklogsView, auth: 'session' }
];

/** Endpoints anyone may call; listed so the completeness check knows they are public on purpose. */
export const PUBLIC_API_ROUTES: { method: HttpMethod; route: string }[] = [
	{ method: 'POST', route: '/api/v1/auth/login' },
	{ method: 'POST', route: '/api/v1/auth/logout' },
	{ method: 'GET', route: '/api/v1/openapi.json' },
	{ method: 'GET', route: '/healthz' }
];

/** A page route whose `[id]` points at nothing: permitted users get the not-found page. */
function missingPage(route: string, permission: Permission): ProtectedPage {
	return {
		route,
		permission,
		path: (ids) => route.replace(/\[[^\]]+\]/g, String(ids.missing)),
		allowedStatus: 404
	};
}

export const PROTECTED_PAGES: ProtectedPage[] = [
	{ route: '/', permission: null },
	// Forwards to the first search page the user may open.
	{ route: '/search', permission: null, allowedStatus: 303 },
	{ route: '/admin', permission: adminView, allowedStatus: 307 },
	{ route: '/admin/users', permission: adminView },
	{ route: '/admin/users/new', permission: adminManage },
	{
		route: '/admin/users/[id]',
		permission: adminView,
		path: (ids) => `/admin/users/${ids.userId}`
	},
	{ route: '/admin/roles', permission: adminView },
	{
		route: '/admin/roles/[id]',
		permission: adminView,
		path: (ids) => `/admin/roles/${ids.roleId}`
	},
	{ route: '/admin/groups', permission: adminView },
	{
		route: '/admin/groups/[id]',
		permission: adminView,
		path: (ids) => `/admin/groups/${ids.groupId}`
	},
	{ route: '/admin/boards', permission: adminView },
	{ route: '/admin/search', permission: adminView },
	{ route: '/boards', permission: boardsView },
	{ route: '/boards/[scope]', permission: boardsView, path: () => '/boards/all' },
	{ route: '/catalog', permission: catalogView },
	{ route: '/catalog/products', permission: catalogView },
	missingPage('/catalog/products/[id]', catalogView),
	{ route: '/catalog/units', permission: catalogView },
	{ route: '/dispatch', permission: ordersEdit },
	{ route: '/requests', permission: requestsView },
	{ route: '/requests/new', permission: requestsEdit },
	missingPage('/requests/[id]', requestsView),
	missingPage('/requests/[id]/slip', requestsView),
	{ route: '/search/requests', permission: requestsView },
	{ route: '/search/orders', permission: ordersView },
	{ route: '/search/work-logs', permission: worklogsView },
	{ route: '/customers', permission: requestsView },
	missingPage('/customers/[id]', requestsView),
	{ route: '/warranty', permission: warrantyView },
	missingPage('/warranty/[id]', warrantyView),
	{ route: '/warranty/import', permission: warrantyView },
	{ route: '/warranty/types', permission: warrantyView }
];

/** Pages anyone may open (or that only take a form post), listed for the completeness check. */
export const PUBLIC_PAGES: string[] = ['/login', '/logout', '/setup', '/locale', '/board/[token]'];

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
	{
		route: '/admin/roles/[id]',
		action: 'save',
		permission: adminManage,
		path: (ids) => `/admin/roles/${ids.missing}`
	},
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
	},
	{ route: '/admin/boards', action: 'create', permission: adminManage },
	{ route: '/admin/boards', action: 'revoke', permission: adminManage },
	...['create', 'update', 'toggle', 'move', 'remove'].map((action) => ({
		route: '/catalog',
		action,
		permission: catalogEdit
	})),
	{ route: '/catalog/products', action: 'create', permission: catalogEdit },
	{ route: '/catalog/products', action: 'createCategory', permission: catalogEdit },
	...['update', 'services', 'addPart', 'removePart', 'addUnit', 'remove'].map((action) => ({
		route: '/catalog/products/[id]',
		action,
		permission: catalogEdit,
		path: (ids: RouteIds) => `/catalog/products/${ids.missing}`
	})),
	{ route: '/catalog/units', action: 'import', permission: catalogEdit },
	{ route: '/dispatch', action: 'assign', permission: ordersEdit },
	{ route: '/requests/new', permission: requestsEdit },
	...(
		[
			['submit', requestsEdit],
			['edit', requestsEdit],
			['issueOrder', ordersEdit],
			['reassign', ordersEdit],
			['noCost', worklogsEdit],
			['estimate', worklogsEdit],
			['answer', requestsEdit],
			['startRepair', worklogsEdit],
			['logWork', worklogsEdit],
			['qc', qcEdit],
			['returnUnrepaired', requestsEdit],
			['markSorted', requestsEdit],
			['deliver', requestsEdit],
			['replace', requestsManage],
			['cancel', requestsManage]
		] as const
	).map(([action, permission]) => ({
		route: '/requests/[id]',
		action,
		permission,
		path: (ids: RouteIds) => `/requests/${ids.missing}`
	})),
	...(
		[
			['/search/requests', requestsView],
			['/search/orders', ordersView],
			['/search/work-logs', worklogsView]
		] as const
	).flatMap(([route, permission]) => [
		{ route, action: 'save', permission },
		{ route, action: 'delete', permission }
	]),
	{ route: '/customers', action: 'create', permission: requestsEdit },
	{
		route: '/customers/[id]',
		action: 'update',
		permission: requestsEdit,
		path: (ids) => `/customers/${ids.missing}`
	},
	{ route: '/warranty', action: 'setActive', permission: warrantyEdit },
	{ route: '/warranty', action: 'create', permission: warrantyEdit },
	...['assign', 'deactivate', 'activate', 'dates'].map((action) => ({
		route: '/warranty/[id]',
		action,
		permission: warrantyEdit,
		path: (ids: RouteIds) => `/warranty/${ids.missing}`
	})),
	...['upload', 'commit', 'cancel'].map((action) => ({
		route: '/warranty/import',
		action,
		permission: warrantyEdit
	})),
	{ route: '/warranty/types', action: 'create', permission: warrantyEdit },
	{ route: '/warranty/types', action: 'update', permission: warrantyEdit }
];

/** The concrete URL of a table entry. */
export function urlOf(
	entry: { route: string; path?: (ids: RouteIds) => string },
	ids: RouteIds
): string {
	if (entry.path) return entry.path(ids);
	if (entry.route.includes('[')) throw new Error(`${entry.route} has parameters: give it a path`);
	return entry.route;
}
