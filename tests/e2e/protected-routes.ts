// The one list of what the server protects and with which permission. permission-matrix.spec.ts
// checks every entry for every built-in role, and fails when a route under src/routes is in
// neither this list nor the public one: a new feature adds its pages and endpoints here.
import type { Permission, RoleKey } from '#lib/domain/permissions';
import {
	ISSUE9_ACTIONS,
	ISSUE9_API_ROUTES,
	ISSUE9_PAGES,
	ISSUE9_PUBLIC_PAGES
} from './protected-routes-issue9';

/** Ids the matrix creates or looks up before it runs, for routes with a `[param]`. */
export interface RouteIds {
	/** The administrator's user id. */
	userId: number;
	/** The built-in admin role. */
	roleId: number;
	/** A user group created for the matrix. */
	groupId: number;
	/** A product created for the matrix. */
	productId: number;
	/** A customer created for the matrix. */
	customerId: number;
	/** A branch created for the matrix. */
	branchId: number;
	/** An id nothing has: writes to it are harmless once the permission check has passed. */
	missing: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One permission, or a list of which any one lets the caller in; `null`: any signed-in user. */
export type Requirement = Permission | readonly Permission[] | null;

export interface ProtectedApiRoute {
	method: HttpMethod;
	/** Route id as SvelteKit names it: the folder under src/routes, with `[param]` segments. */
	route: string;
	/** Who gets in; anyone else signed in gets 403. */
	permission: Requirement;
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
	/** Exact status for these roles, where the answer depends on more than the grant (agency users). */
	statusFor?: Partial<Record<RoleKey, number>>;
}

export interface ProtectedPage {
	/** Route id as SvelteKit names it. */
	route: string;
	/** Required permission; `null` means any signed-in user may open it. */
	permission: Permission | null;
	path?: (ids: RouteIds) => string;
	/** What a permitted user gets: 200, or the redirect status of a page that forwards elsewhere. */
	allowedStatus?: number;
	/** Exact status for these roles, where the answer depends on more than the grant (agency users). */
	statusFor?: Partial<Record<RoleKey, number>>;
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
	/** Exact status for these roles, where the answer depends on more than the grant (agency users). */
	statusFor?: Partial<Record<RoleKey, number>>;
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
const stockView: Permission = { area: 'stock', level: 'view' };
const stockEdit: Permission = { area: 'stock', level: 'edit' };
const stockManage: Permission = { area: 'stock', level: 'manage' };
const invoicesView: Permission = { area: 'invoices', level: 'view' };
const invoicesEdit: Permission = { area: 'invoices', level: 'edit' };
const invoicesManage: Permission = { area: 'invoices', level: 'manage' };
const reportsView: Permission = { area: 'reports', level: 'view' };
const reportsEdit: Permission = { area: 'reports', level: 'edit' };
const reportsManage: Permission = { area: 'reports', level: 'manage' };
const REPORTS = ['durations', 'orders', 'status', 'quality', 'warranty'] as const;

/** Unique per call, so bodies that create something never collide across roles or runs. */
function unique(prefix: string): string {
	return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** `route` with every `[param]` replaced by an id nothing has. */
function toMissing(route: string): (ids: RouteIds) => string {
	return (ids) => route.replace(/\[[^\]]+\]/g, String(ids.missing));
}

/** A route whose `[id]` points at nothing: permitted callers get past the check and find nothing. */
function missing(
	method: HttpMethod,
	route: string,
	permission: Permission | null
): ProtectedApiRoute {
	return { method, route, permission, path: toMissing(route), allowed: 'not-denied' };
}

/** The six endpoints of a catalogue definition kind (services, work types, …). */
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

/** Payroll of a Jalali month long past: recomputing or locking it disturbs nothing. */
function payrollRoutes(): ProtectedApiRoute[] {
	const at = (suffix: string) => ({
		path: () => `/api/v1/payroll/1390-01${suffix}`,
		allowed: 'not-denied' as const
	});
	return [
		// Accounting reads every line; technicians (work-log editors) read their own.
		{
			method: 'GET',
			route: '/api/v1/payroll/[month]',
			permission: [reportsView, worklogsEdit],
			...at('')
		},
		{ method: 'POST', route: '/api/v1/payroll/[month]', permission: reportsEdit, ...at('') },
		{
			method: 'GET',
			route: '/api/v1/payroll/[month]/export',
			permission: reportsView,
			...at('/export')
		},
		{
			method: 'POST',
			route: '/api/v1/payroll/[month]/lock',
			permission: reportsManage,
			...at('/lock')
		}
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

	// Customers and the service path: requests, orders, work logs, QC, estimates, search.
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

	// Stock, invoices, accounting and payroll.
	{ method: 'GET', route: '/api/v1/warehouses', permission: stockView },
	{ method: 'POST', route: '/api/v1/warehouses', permission: stockManage },
	missing('GET', '/api/v1/stock/[warehouseId]', stockView),
	{ method: 'GET', route: '/api/v1/stock-documents', permission: stockView },
	{ method: 'POST', route: '/api/v1/stock-documents', permission: stockEdit },
	missing('GET', '/api/v1/stock-documents/[id]', stockView),
	missing('POST', '/api/v1/stock-documents/[id]/post', stockEdit),
	missing('POST', '/api/v1/stock-documents/[id]/reverse', stockManage),
	{ method: 'GET', route: '/api/v1/invoices', permission: invoicesView },
	{ method: 'POST', route: '/api/v1/invoices', permission: invoicesEdit },
	missing('GET', '/api/v1/invoices/[id]', invoicesView),
	missing('POST', '/api/v1/invoices/[id]/payments', invoicesEdit),
	missing('POST', '/api/v1/invoices/[id]/post', invoicesEdit),
	missing('GET', '/api/v1/invoices/[id]/credit-notes', invoicesView),
	missing('POST', '/api/v1/invoices/[id]/credit-notes', invoicesEdit),
	missing('POST', '/api/v1/invoices/[id]/refunds', invoicesEdit),
	{ method: 'GET', route: '/api/v1/credit-notes', permission: invoicesView },
	missing('GET', '/api/v1/credit-notes/[id]', invoicesView),
	missing('POST', '/api/v1/credit-notes/[id]/post', invoicesEdit),
	{ method: 'POST', route: '/api/v1/scrap-batches', permission: stockEdit },
	// Reports over a date range: without one they may default or refuse; either way past the check.
	{
		method: 'GET',
		route: '/api/v1/journal-entries',
		permission: reportsView,
		allowed: 'not-denied'
	},
	{ method: 'GET', route: '/api/v1/trial-balance', permission: reportsView, allowed: 'not-denied' },
	...payrollRoutes(),
	// The integration outlet (webhook endpoints and their deliveries).
	{ method: 'GET', route: '/api/v1/webhooks', permission: adminView },
	{ method: 'POST', route: '/api/v1/webhooks', permission: adminManage },
	missing('GET', '/api/v1/webhooks/[id]', adminView),
	missing('PATCH', '/api/v1/webhooks/[id]', adminManage),
	missing('DELETE', '/api/v1/webhooks/[id]', adminManage),
	missing('GET', '/api/v1/webhooks/[id]/deliveries', adminView),
	missing('POST', '/api/v1/webhook-deliveries/[id]/redeliver', adminManage),

	// A request's photo or PDF, opened from the request page with the browser's session.
	{ ...missing('GET', '/requests/[id]/attachments/[attachmentId]', requestsView), auth: 'session' },
	// The search pages' export links, opened with the browser's session.
	{ method: 'GET', route: '/search/requests/export', permission: requestsView, auth: 'session' },
	{ method: 'GET', route: '/search/orders/export', permission: ordersView, auth: 'session' },
	{ method: 'GET', route: '/search/work-logs/export', permission: worklogsView, auth: 'session' },
	// Reports: the API and the report pages' export links.
	...REPORTS.map((r) => ({
		method: 'GET' as const,
		route: `/api/v1/reports/${r}`,
		permission: reportsView
	})),
	...REPORTS.map((r) => ({
		method: 'GET' as const,
		route: `/reports/${r}/export`,
		permission: reportsView,
		auth: 'session' as const
	})),
	...ISSUE9_API_ROUTES
];

/** Endpoints anyone may call; listed so the completeness check knows they are public on purpose. */
export const PUBLIC_API_ROUTES: { method: HttpMethod; route: string }[] = [
	{ method: 'POST', route: '/api/v1/auth/login' },
	{ method: 'POST', route: '/api/v1/auth/logout' },
	{ method: 'GET', route: '/api/v1/openapi.json' },
	{ method: 'GET', route: '/healthz' },
	// Inbound webhooks: authenticated by their own secret (header or path), not by a user.
	{ method: 'POST', route: '/api/webhooks/telegram' },
	{ method: 'GET', route: '/api/webhooks/sms/kavenegar/[secret]' },
	{ method: 'POST', route: '/api/webhooks/sms/kavenegar/[secret]' }
];

/** A page route whose `[id]` points at nothing: permitted users get the not-found page. */
function missingPage(route: string, permission: Permission): ProtectedPage {
	return { route, permission, path: toMissing(route), allowedStatus: 404 };
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
	{ route: '/admin/messages', permission: adminView },
	// Any staff member links their own Telegram for new-order notices.
	{ route: '/telegram-link', permission: null },
	{ route: '/org/branches', permission: catalogView },
	{
		route: '/org/branches/[id]',
		permission: catalogView,
		path: (ids) => `/org/branches/${ids.branchId}`
	},
	{ route: '/boards', permission: boardsView },
	{ route: '/boards/[scope]', permission: boardsView, path: () => '/boards/all' },
	{ route: '/catalog', permission: catalogView },
	{ route: '/catalog/products', permission: catalogView },
	{
		route: '/catalog/products/[id]',
		permission: catalogView,
		path: (ids) => `/catalog/products/${ids.productId}`
	},
	{ route: '/catalog/units', permission: catalogView },
	missingPage('/catalog/units/[id]', catalogView),
	// Agency users keep their own customers in the portal and are forwarded there.
	{ route: '/customers', permission: requestsView, statusFor: { agent: 303 } },
	{
		route: '/customers/[id]',
		permission: requestsView,
		path: (ids) => `/customers/${ids.customerId}`,
		statusFor: { agent: 303 }
	},
	{ route: '/warranty', permission: warrantyView },
	missingPage('/warranty/[id]', warrantyView),
	{ route: '/warranty/import', permission: warrantyView },
	{ route: '/warranty/types', permission: warrantyView },
	{ route: '/requests', permission: requestsView },
	{ route: '/requests/new', permission: requestsEdit },
	{ route: '/requests/bulk', permission: requestsEdit },
	missingPage('/requests/bulk/[id]', requestsView),
	missingPage('/requests/[id]', requestsView),
	missingPage('/requests/[id]/slip', requestsView),
	missingPage('/units/[id]', requestsView),
	{ route: '/dispatch', permission: ordersEdit },
	{ route: '/orders', permission: ordersView },
	{ route: '/my-queue', permission: worklogsEdit },
	{ route: '/work-logs', permission: worklogsView },
	{ route: '/qc', permission: qcEdit },
	{ route: '/stock', permission: stockView },
	missingPage('/stock/documents/[id]', stockView),
	{ route: '/invoices', permission: invoicesView },
	{ route: '/invoices/settings', permission: invoicesView },
	missingPage('/invoices/[id]', invoicesView),
	missingPage('/invoices/[id]/print', invoicesView),
	missingPage('/invoices/[id]/credit', invoicesEdit),
	{ route: '/credit-notes', permission: invoicesView },
	missingPage('/credit-notes/[id]', invoicesView),
	missingPage('/credit-notes/[id]/print', invoicesView),
	{ route: '/accounting', permission: reportsView },
	{ route: '/accounting/trial-balance', permission: reportsView },
	{ route: '/accounting/mapping', permission: reportsView },
	missingPage('/accounting/journal/[id]', reportsView),
	{ route: '/payroll', permission: reportsView },
	{ route: '/payroll/mine', permission: worklogsView },
	{ route: '/admin/webhooks', permission: adminView },
	missingPage('/admin/webhooks/[id]', adminView),
	{ route: '/search/requests', permission: requestsView },
	{ route: '/search/orders', permission: ordersView },
	{ route: '/search/work-logs', permission: worklogsView },
	{ route: '/reports', permission: reportsView },
	...REPORTS.map((r) => ({ route: `/reports/${r}`, permission: reportsView })),
	...ISSUE9_PAGES
];

/** Pages anyone may open (or that only take a form post), listed for the completeness check. */
export const PUBLIC_PAGES: string[] = [
	'/login',
	'/logout',
	'/setup',
	'/locale',
	// A wall screen's board, opened with its secret link token instead of an account.
	'/board/[token]',
	// Only forwards to /org/branches, which checks the permission.
	'/org',
	...ISSUE9_PUBLIC_PAGES
];

/** Several named actions of one page that need the same permission. */
function actions(
	route: string,
	names: string[],
	permission: Permission,
	path?: (ids: RouteIds) => string
): ProtectedAction[] {
	return names.map((action) => ({ route, action, permission, path }));
}

export const PROTECTED_ACTIONS: ProtectedAction[] = [
	// Loading demo data as a permitted user would change what other specs see.
	{ route: '/', action: 'demo', permission: adminManage, tryAllowed: false },

	{ route: '/admin/users/new', permission: adminManage },
	{ route: '/admin/users/[id]', permission: adminManage, path: toMissing('/admin/users/[id]') },
	{ route: '/admin/roles', permission: adminManage },
	...actions('/admin/roles/[id]', ['save', 'delete'], adminManage, toMissing('/admin/roles/[id]')),
	{ route: '/admin/groups', permission: adminManage },
	...actions(
		'/admin/groups/[id]',
		['save', 'delete'],
		adminManage,
		toMissing('/admin/groups/[id]')
	),
	...actions('/admin/boards', ['create', 'revoke'], adminManage),
	{ route: '/admin/messages', action: 'save', permission: adminManage },
	{ route: '/org/branches', action: 'create', permission: adminManage },
	...actions(
		'/org/branches/[id]',
		[
			'update',
			'hours',
			'addHoliday',
			'removeHoliday',
			'addCounter',
			'updateCounter',
			'addAgency',
			'updateAgency'
		],
		adminManage,
		// A real branch: users who may view it get that far, so a missing one would answer 404 first.
		(ids) => `/org/branches/${ids.branchId}`
	),

	...actions('/catalog', ['create', 'update', 'toggle', 'move', 'remove'], catalogEdit),
	...actions(
		'/catalog/products',
		['create', 'createCategory', 'updateCategory', 'bulk', 'category'],
		catalogEdit
	),
	// A real product: users who may view it get that far, so a missing one would answer 404 first.
	...actions(
		'/catalog/products/[id]',
		['update', 'services', 'addPart', 'removePart', 'addUnit'],
		catalogEdit,
		(ids) => `/catalog/products/${ids.productId}`
	),
	// Removing it would leave the later roles a missing product.
	{
		route: '/catalog/products/[id]',
		action: 'remove',
		permission: catalogEdit,
		path: (ids) => `/catalog/products/${ids.productId}`,
		tryAllowed: false
	},
	{ route: '/catalog/units', action: 'import', permission: catalogEdit },
	{
		route: '/catalog/units/[id]',
		action: 'update',
		permission: catalogEdit,
		path: toMissing('/catalog/units/[id]')
	},
	{ route: '/customers', action: 'create', permission: requestsEdit },
	{
		route: '/customers/[id]',
		action: 'update',
		permission: requestsEdit,
		path: (ids) => `/customers/${ids.customerId}`
	},

	...actions('/warranty', ['setActive', 'create'], warrantyEdit),
	...actions(
		'/warranty/[id]',
		['assign', 'deactivate', 'activate', 'dates'],
		warrantyEdit,
		toMissing('/warranty/[id]')
	),
	...actions('/warranty/import', ['upload', 'commit', 'cancel'], warrantyEdit),
	...actions('/warranty/types', ['create', 'update'], warrantyEdit),

	{ route: '/requests/new', permission: requestsEdit },
	{ route: '/requests/bulk', permission: requestsEdit },
	...actions(
		'/requests/[id]',
		['submit', 'edit', 'answer', 'returnUnrepaired', 'markSorted', 'deliver', 'attach'],
		requestsEdit,
		toMissing('/requests/[id]')
	),
	...actions('/requests/[id]', ['replace', 'cancel'], requestsManage, toMissing('/requests/[id]')),
	...actions('/requests/[id]', ['issueOrder', 'reassign'], ordersEdit, toMissing('/requests/[id]')),
	...actions(
		'/requests/[id]',
		['noCost', 'estimate', 'startRepair', 'logWork'],
		worklogsEdit,
		toMissing('/requests/[id]')
	),
	...actions('/requests/[id]', ['qc'], qcEdit, toMissing('/requests/[id]')),
	{ route: '/dispatch', action: 'assign', permission: ordersEdit },
	...actions('/my-queue', ['startRepair', 'logWork'], worklogsEdit),
	...actions('/stock', ['draft', 'post', 'scrapBatch'], stockEdit),
	...actions('/stock', ['reverse', 'open', 'settings'], stockManage),
	{ route: '/invoices', action: 'create', permission: invoicesEdit },
	...actions(
		'/invoices/[id]',
		['post', 'pay', 'refund'],
		invoicesEdit,
		toMissing('/invoices/[id]')
	),
	{
		route: '/invoices/[id]/credit',
		permission: invoicesEdit,
		path: toMissing('/invoices/[id]/credit')
	},
	...actions('/credit-notes/[id]', ['post'], invoicesEdit, toMissing('/credit-notes/[id]')),
	{ route: '/invoices/settings', permission: invoicesManage },
	{ route: '/accounting/mapping', permission: reportsManage },
	{ route: '/payroll', action: 'compute', permission: reportsEdit },
	{ route: '/payroll', action: 'lock', permission: reportsManage },
	{ route: '/payroll', action: 'rule', permission: reportsManage },
	{ route: '/admin/webhooks', action: 'create', permission: adminManage },
	...actions(
		'/admin/webhooks/[id]',
		['save', 'rotate', 'redeliver', 'delete'],
		adminManage,
		toMissing('/admin/webhooks/[id]')
	),
	{ route: '/qc', permission: qcEdit },
	...actions('/search/requests', ['save', 'delete'], requestsView),
	...actions('/search/orders', ['save', 'delete'], ordersView),
	...actions('/search/work-logs', ['save', 'delete'], worklogsView),
	...ISSUE9_ACTIONS
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
