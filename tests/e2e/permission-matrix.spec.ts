// Every built-in role against every protected page, form action and API route, over plain HTTP:
// a role gets in exactly when its grants (BUILT_IN_ROLES) hold the route's permission.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import {
	BUILT_IN_ROLES,
	ROLE_KEYS,
	hasPermission,
	type Permission,
	type RoleKey
} from '#lib/domain/permissions';
import { BASE_URL } from './paths';
import {
	PROTECTED_ACTIONS,
	PROTECTED_API_ROUTES,
	PROTECTED_PAGES,
	PUBLIC_API_ROUTES,
	PUBLIC_PAGES,
	urlOf,
	type ProtectedApiRoute,
	type Requirement,
	type RouteIds
} from './protected-routes';
import { ADMIN, apiToken, bearer, createUserWithRole } from './support';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ROUTES_DIR = path.resolve(import.meta.dirname, '../../src/routes');
// SvelteKit refuses cross-site form posts; a browser sends its own origin, so the tests do too.
const FORM_HEADERS = { origin: BASE_URL, accept: 'text/html' };

interface Caller {
	/** Bearer token for API calls. */
	api: APIRequestContext;
	token: string;
	/** Signed in through the sign-in form: holds the session cookie, as a browser would. */
	web: APIRequestContext;
}

const callers = new Map<RoleKey, Caller>();
let anonymous: APIRequestContext;
let ids: RouteIds;

function allowed(role: RoleKey, requirement: Requirement): boolean {
	if (requirement === null) return true;
	const anyOf: readonly Permission[] = 'area' in requirement ? [requirement] : requirement;
	return anyOf.some((permission) => hasPermission(BUILT_IN_ROLES[role], permission));
}

async function webSession(
	newContext: () => Promise<APIRequestContext>,
	username: string,
	password: string
): Promise<APIRequestContext> {
	const web = await newContext();
	const response = await web.post('/login', {
		form: { username, password },
		headers: FORM_HEADERS,
		maxRedirects: 0
	});
	expect(response.status(), `web sign-in of ${username}`).toBe(303);
	// The cookie jar now carries the session; the dashboard proves it.
	const home = await web.get('/', { maxRedirects: 0 });
	expect(home.status(), `${username} is signed in`).toBe(200);
	return web;
}

/**
 * Method, body and headers of a call to an endpoint. Writes always declare JSON: SvelteKit treats a
 * write without a content type as a cross-site form post and refuses it before the app sees it.
 */
function request(route: ProtectedApiRoute): {
	method: string;
	data?: unknown;
	headers: Record<string, string>;
} {
	if (route.method === 'GET') return { method: 'GET', headers: {} };
	return {
		method: route.method,
		data: route.body?.() ?? {},
		headers: { 'content-type': 'application/json' }
	};
}

/** The `error.code` of a JSON error answer, or what came back instead. */
async function errorCodeOf(response: APIResponse): Promise<string> {
	const text = await response.text();
	try {
		return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? text;
	} catch {
		return `not JSON: ${text.slice(0, 80)}`;
	}
}

function describe(response: APIResponse, what: string): string {
	return `${what} → ${response.status()}`;
}

test.describe('permission matrix', () => {
	test.beforeAll(async ({ playwright }) => {
		const newContext = () => playwright.request.newContext({ baseURL: BASE_URL });
		const setup = await newContext();
		const adminToken = await apiToken(setup, ADMIN.username, ADMIN.password);
		const admin = (await (
			await setup.get('/api/v1/users?q=' + ADMIN.username, { headers: bearer(adminToken) })
		).json()) as {
			items: { id: number; username: string }[];
		};
		const roles = (await (
			await setup.get('/api/v1/roles', { headers: bearer(adminToken) })
		).json()) as {
			items: { id: number; key: string }[];
		};
		const group = await setup.post('/api/v1/user-groups', {
			headers: bearer(adminToken),
			data: { name: `گروه ماتریس ${Date.now().toString(36)}` }
		});
		expect(group.status()).toBe(201);
		const stamp = Date.now().toString(36).toUpperCase();
		const product = await setup.post('/api/v1/products', {
			headers: bearer(adminToken),
			data: { code: `MATRIX-${stamp}`, nameFa: 'کالای ماتریس', nameEn: 'Matrix product' }
		});
		expect(product.status(), await product.text()).toBe(201);
		const customer = await setup.post('/api/v1/customers', {
			headers: bearer(adminToken),
			data: { name: 'مشتری ماتریس', mobile: `0912${String(Date.now()).slice(-7)}` }
		});
		expect(customer.status(), await customer.text()).toBe(201);
		const branch = await setup.post('/api/v1/branches', {
			headers: bearer(adminToken),
			data: { code: `MATRIX-${stamp}`, nameFa: 'شعبهٔ ماتریس', nameEn: 'Matrix branch' }
		});
		expect(branch.status(), await branch.text()).toBe(201);
		ids = {
			userId: admin.items.find((u) => u.username === ADMIN.username)!.id,
			roleId: roles.items.find((r) => r.key === 'admin')!.id,
			groupId: ((await group.json()) as { id: number }).id,
			productId: ((await product.json()) as { id: number }).id,
			customerId: ((await customer.json()) as { id: number }).id,
			branchId: ((await branch.json()) as { id: number }).id,
			missing: 999_999
		};

		for (const role of ROLE_KEYS) {
			const user = await createUserWithRole(setup, role);
			const api = await newContext();
			callers.set(role, {
				api,
				token: await apiToken(api, user.username, user.password),
				web: await webSession(newContext, user.username, user.password)
			});
		}
		anonymous = await newContext();
		await setup.dispose();
	});

	test.afterAll(async () => {
		for (const caller of callers.values()) {
			await caller.api.dispose();
			await caller.web.dispose();
		}
		await anonymous?.dispose();
	});

	test('every route under src/routes is listed as protected or public', () => {
		const found = discoverRoutes(ROUTES_DIR);
		const listedEndpoints = new Set([
			...PROTECTED_API_ROUTES.map((r) => `${r.method} ${r.route}`),
			...PUBLIC_API_ROUTES.map((r) => `${r.method} ${r.route}`)
		]);
		const listedPages = new Set([...PROTECTED_PAGES.map((p) => p.route), ...PUBLIC_PAGES]);
		expect(
			found.endpoints.filter((e) => !listedEndpoints.has(e)),
			'endpoints missing from tests/e2e/protected-routes.ts'
		).toEqual([]);
		expect(
			found.pages.filter((p) => !listedPages.has(p)),
			'pages missing from tests/e2e/protected-routes.ts'
		).toEqual([]);
	});

	test('signed out: pages and form actions lead to sign-in, the API answers 401', async () => {
		for (const page of PROTECTED_PAGES) {
			const url = urlOf(page, ids);
			const response = await anonymous.get(url, { maxRedirects: 0 });
			expect.soft(response.status(), describe(response, `GET ${url}`)).toBe(303);
			expect
				.soft(response.headers().location, `GET ${url}`)
				.toBe(`/login?next=${encodeURIComponent(url)}`);
		}
		for (const action of PROTECTED_ACTIONS) {
			const url = urlOf(action, ids) + (action.action ? `?/${action.action}` : '');
			const response = await anonymous.post(url, {
				form: {},
				headers: FORM_HEADERS,
				maxRedirects: 0
			});
			expect.soft(response.status(), describe(response, `POST ${url}`)).toBe(303);
			expect.soft(response.headers().location, `POST ${url}`).toMatch(/^\/login\?next=/);
		}
		for (const route of PROTECTED_API_ROUTES) {
			const url = urlOf(route, ids);
			const response = await anonymous.fetch(url, { ...request(route), maxRedirects: 0 });
			const what = describe(response, `${route.method} ${url}`);
			if (route.auth === 'session') {
				expect.soft(response.status(), what).toBe(303);
				expect.soft(response.headers().location, what).toMatch(/^\/login\?next=/);
			} else {
				expect.soft(response.status(), what).toBe(401);
				expect.soft(await errorCodeOf(response), what).toBe('unauthorized');
			}
		}
	});

	test('API writes with only the session cookie are refused: writes need a bearer token', async () => {
		const admin = callers.get('admin')!.web;
		const name = `cookie-only ${Date.now().toString(36)}`;
		const write = await admin.post('/api/v1/user-groups', { data: { name } });
		expect(write.status()).toBe(401);
		// Reading with the cookie is fine, and shows nothing was created.
		const list = await admin.get('/api/v1/user-groups');
		expect(list.status()).toBe(200);
		const { items } = (await list.json()) as { items: { name: string }[] };
		expect(items.map((g) => g.name)).not.toContain(name);
	});

	for (const role of ROLE_KEYS) {
		test(`${role}: gets in exactly where its grants allow`, async () => {
			const caller = callers.get(role)!;

			for (const page of PROTECTED_PAGES) {
				const url = urlOf(page, ids);
				const response = await caller.web.get(url, { maxRedirects: 0 });
				const expected =
					page.statusFor?.[role] ??
					(allowed(role, page.permission) ? (page.allowedStatus ?? 200) : 403);
				expect.soft(response.status(), describe(response, `GET ${url}`)).toBe(expected);
			}

			for (const action of PROTECTED_ACTIONS) {
				const permitted = allowed(role, action.permission);
				if (permitted && action.tryAllowed === false) continue;
				const url = urlOf(action, ids) + (action.action ? `?/${action.action}` : '');
				const response = await caller.web.post(url, {
					form: {},
					headers: FORM_HEADERS,
					maxRedirects: 0
				});
				const fixed = action.statusFor?.[role];
				if (fixed !== undefined) {
					expect.soft(response.status(), describe(response, `POST ${url}`)).toBe(fixed);
				} else if (permitted) {
					expect
						.soft([401, 403], describe(response, `POST ${url}`))
						.not.toContain(response.status());
					expect.soft(response.status(), describe(response, `POST ${url}`)).toBeLessThan(500);
				} else {
					expect.soft(response.status(), describe(response, `POST ${url}`)).toBe(403);
				}
			}

			for (const route of PROTECTED_API_ROUTES) {
				const url = urlOf(route, ids);
				const session = route.auth === 'session';
				const call = request(route);
				const response = await (session ? caller.web : caller.api).fetch(url, {
					...call,
					headers: { ...call.headers, ...(session ? {} : bearer(caller.token)) },
					maxRedirects: 0
				});
				const what = describe(response, `${route.method} ${url}`);
				const fixed = route.statusFor?.[role];
				if (fixed !== undefined) {
					expect.soft(response.status(), `${what}: ${await response.text()}`).toBe(fixed);
				} else if (!allowed(role, route.permission)) {
					expect.soft(response.status(), what).toBe(403);
					if (!session) {
						expect.soft(await errorCodeOf(response), what).toBe('forbidden');
					}
				} else if (
					(route.allowed ?? (route.method === 'GET' || route.body ? 'ok' : 'not-denied')) === 'ok'
				) {
					expect
						.soft(response.status(), `${what}: ${await response.text()}`)
						.toBeGreaterThanOrEqual(200);
					expect.soft(response.status(), `${what}: ${await response.text()}`).toBeLessThan(300);
				} else {
					expect.soft([401, 403], what).not.toContain(response.status());
					expect.soft(response.status(), `${what}: ${await response.text()}`).toBeLessThan(500);
				}
			}
		});
	}
});

/** Route ids of the pages and `METHOD route` pairs of the endpoints found under src/routes. */
function discoverRoutes(root: string): { pages: string[]; endpoints: string[] } {
	const pages: string[] = [];
	const endpoints: string[] = [];
	const walk = (dir: string) => {
		const entries = readdirSync(dir, { withFileTypes: true });
		const routeId =
			'/' +
			path
				.relative(root, dir)
				.split(path.sep)
				// Groups like `(app)` shape layouts, not URLs.
				.filter((segment) => segment && !/^\(.+\)$/.test(segment))
				.join('/');
		for (const entry of entries) {
			if (entry.isDirectory()) {
				walk(path.join(dir, entry.name));
			} else if (/^\+page(\.server)?\.(ts|js|svelte)$/.test(entry.name)) {
				if (!pages.includes(routeId)) pages.push(routeId);
			} else if (/^\+server\.(ts|js)$/.test(entry.name)) {
				const source = readFileSync(path.join(dir, entry.name), 'utf8');
				// `export const GET = …`, `export async function GET`, `export const { GET, POST } = …`
				const declared = [
					...[...source.matchAll(/export\s+(?:const|async\s+function|function)\s+([A-Z]+)\b/g)].map(
						(m) => m[1]
					),
					...[...source.matchAll(/export\s+const\s+\{([^}]*)\}\s*=/g)].flatMap((m) =>
						m[1].split(',').map((name) =>
							name
								.trim()
								.split(/\s*:\s*/)
								.pop()!
						)
					)
				];
				for (const method of declared.filter((m) => METHODS.includes(m)))
					endpoints.push(`${method} ${routeId}`);
			}
		}
	};
	walk(root);
	return { pages, endpoints };
}
