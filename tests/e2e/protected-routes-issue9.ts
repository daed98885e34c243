// Routes of reception counters, the customer tracking page, the agents' portal and tracking
// groups, for the permission matrix. Beyond the permission, these are scoped by who the user
// works for: counters and notices are for staff (agency users get 403), the portal only for
// agency users (staff get 403); `statusFor` states those answers per built-in role.
import { ROLE_KEYS, type Permission, type RoleKey } from '#lib/domain/permissions';
import type {
	ProtectedAction,
	ProtectedApiRoute,
	ProtectedPage,
	RouteIds
} from './protected-routes';

const requestsView: Permission = { area: 'requests', level: 'view' };
const requestsEdit: Permission = { area: 'requests', level: 'edit' };
const boardsManage: Permission = { area: 'boards', level: 'manage' };
const adminView: Permission = { area: 'admin', level: 'view' };
const adminManage: Permission = { area: 'admin', level: 'manage' };
const reportsView: Permission = { area: 'reports', level: 'view' };

/** Agency users are refused (403) where only staff work. */
const staffOnly: Partial<Record<RoleKey, number>> = { agent: 403 };
/** Every staff role is refused (403) in the agencies' own portal. */
const agencyOnly: Partial<Record<RoleKey, number>> = Object.fromEntries(
	ROLE_KEYS.filter((r) => r !== 'agent').map((r) => [r, 403])
);
const missingId = (route: string) => (ids: RouteIds) =>
	route.replace(/\[[^\]]+\]/g, String(ids.missing));

export const ISSUE9_API_ROUTES: ProtectedApiRoute[] = [
	// The administrator works in every branch, so the queue needs `?branch=`: 422 without it.
	{
		method: 'GET',
		route: '/api/v1/queue/tickets',
		permission: requestsView,
		allowed: 'not-denied',
		statusFor: staffOnly
	},
	{
		method: 'POST',
		route: '/api/v1/queue/tickets',
		permission: requestsEdit,
		body: () => ({ purpose: 'reception' }),
		allowed: 'not-denied',
		statusFor: staffOnly
	},
	{
		method: 'POST',
		route: '/api/v1/queue/tickets/[id]/actions',
		permission: requestsEdit,
		path: missingId('/api/v1/queue/tickets/[id]/actions'),
		body: () => ({ action: 'done' }),
		allowed: 'not-denied',
		statusFor: staffOnly
	},
	{
		method: 'POST',
		route: '/api/v1/counters/[id]/call-next',
		permission: requestsEdit,
		path: missingId('/api/v1/counters/[id]/call-next'),
		body: () => ({}),
		allowed: 'not-denied',
		statusFor: staffOnly
	},
	{ method: 'GET', route: '/api/v1/queue/counter-times', permission: reportsView },
	{
		method: 'GET',
		route: '/api/v1/portal/dashboard',
		permission: requestsView,
		statusFor: agencyOnly
	},
	{ method: 'GET', route: '/api/v1/portal/lists', permission: requestsView, statusFor: agencyOnly },
	{
		method: 'GET',
		route: '/api/v1/portal/lists/[id]',
		permission: requestsView,
		path: missingId('/api/v1/portal/lists/[id]'),
		allowed: 'not-denied',
		statusFor: agencyOnly
	},
	{
		method: 'GET',
		route: '/api/v1/portal/orders',
		permission: requestsView,
		statusFor: agencyOnly
	},
	{
		method: 'GET',
		route: '/api/v1/portal/customers',
		permission: requestsView,
		statusFor: agencyOnly
	},
	{
		method: 'POST',
		route: '/api/v1/portal/customers',
		permission: requestsEdit,
		body: () => ({
			name: 'مشتری ماتریس',
			mobile: `0935${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`
		}),
		statusFor: agencyOnly
	},
	{ method: 'GET', route: '/api/v1/portal/scrap', permission: requestsView, statusFor: agencyOnly },
	{
		method: 'GET',
		route: '/api/v1/portal/invoices',
		permission: requestsView,
		statusFor: agencyOnly
	},
	{ method: 'GET', route: '/api/v1/notifications', permission: requestsView, statusFor: staffOnly },
	{
		method: 'POST',
		route: '/api/v1/notifications/read',
		permission: requestsView,
		body: () => ({ ids: 'all' }),
		statusFor: staffOnly
	}
];

const portalPages = [
	'/portal',
	'/portal/requests',
	'/portal/requests/new',
	'/portal/bulk',
	'/portal/lists',
	'/portal/orders',
	'/portal/customers',
	'/portal/monthly'
];

export const ISSUE9_PAGES: ProtectedPage[] = [
	{ route: '/counters', permission: requestsView, statusFor: staffOnly },
	{ route: '/counters/kiosks', permission: boardsManage },
	{ route: '/notifications', permission: null, statusFor: staffOnly },
	{ route: '/notifications/groups', permission: adminView },
	...portalPages.map((route) => ({ route, permission: requestsView, statusFor: agencyOnly })),
	{
		route: '/portal/lists/[id]',
		permission: requestsView,
		path: missingId('/portal/lists/[id]'),
		statusFor: { ...agencyOnly, agent: 404 }
	}
];

/** Pages opened with a secret token instead of an account. */
export const ISSUE9_PUBLIC_PAGES: string[] = [
	// A branch's ticket kiosk.
	'/kiosk/[token]',
	// The waiting-room screen of a board link.
	'/board/[token]/waiting',
	// The customer's tracking page.
	'/t/[token]'
];

export const ISSUE9_ACTIONS: ProtectedAction[] = [
	...['issue', 'next', 'act'].map((action) => ({
		route: '/counters',
		action,
		permission: requestsEdit,
		statusFor: staffOnly
	})),
	...['create', 'revoke'].map((action) => ({
		route: '/counters/kiosks',
		action,
		permission: boardsManage
	})),
	{ route: '/notifications', action: 'read', permission: requestsView, statusFor: staffOnly },
	...['create', 'delete'].map((action) => ({
		route: '/notifications/groups',
		action,
		permission: adminManage
	})),
	{ route: '/portal/requests/new', permission: requestsEdit, statusFor: agencyOnly },
	{ route: '/portal/bulk', permission: requestsEdit, statusFor: agencyOnly },
	{ route: '/portal/customers', action: 'create', permission: requestsEdit, statusFor: agencyOnly }
];
