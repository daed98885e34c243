/**
 * The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the routes validate with,
 * so the document cannot drift from what the API accepts.
 *
 * Documenting an endpoint takes a few lines:
 *   1. In your context, e.g. `src/lib/server/catalog/openapi.ts`, call once per route:
 *        registerEndpoint({
 *          method: 'post', path: '/api/v1/products', summary: 'Create a product', tags: ['Catalogue'],
 *          permission: { area: 'catalog', level: 'manage' },
 *          body: productCreateSchema, response: productOutSchema, status: 201, conflict: true
 *        });
 *   2. Add that module to ENDPOINT_MODULES below (one line).
 * Error responses follow from the description: 401/403 when a permission is needed, 400/422
 * when there is a body or query, 404 when the path has parameters, 409 when `conflict` is set.
 * Give shared schemas `.meta({ id: 'Name' })` to have them appear once under components.schemas.
 */
import { z } from 'zod';
import type { PermissionArea, PermissionLevel } from '#lib/domain/permissions';
import { loginSchema } from '#lib/server/auth/schemas';

/** Modules whose top-level registerEndpoint calls describe each bounded context's routes. */
const ENDPOINT_MODULES: (() => Promise<unknown>)[] = [
	() => import('#lib/server/catalog/openapi'),
	() => import('#lib/server/crm/openapi'),
	() => import('#lib/server/org/openapi'),
	() => import('#lib/server/admin/openapi'),
	() => import('#lib/server/service/openapi'),
	() => import('#lib/server/search/openapi'),
	() => import('#lib/server/warranty/openapi'),
	() => import('#lib/server/stock/openapi'),
	() => import('#lib/server/queue/openapi'),
	() => import('#lib/server/webhooks/openapi'),
	() => import('#lib/server/reports/openapi')
];

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface EndpointSpec {
	method: HttpMethod;
	/** OpenAPI path with `{param}` placeholders, e.g. `/api/v1/users/{id}`. */
	path: string;
	summary: string;
	description?: string;
	tags: string[];
	/** The permission the route checks; `false` for public endpoints (no bearer token needed). */
	permission: { area: PermissionArea; level: PermissionLevel } | false;
	body?: z.ZodType;
	query?: z.ZodType;
	/** Success body; leave out for 204 No Content. */
	response?: z.ZodType;
	/** Success status; 200 by default, or 204 without a response schema. */
	status?: number;
	/** The operation can fail with 409 (duplicate, stale version, protected record). */
	conflict?: boolean;
	/** Extra failure statuses the route can answer besides the derived ones (e.g. 429). */
	errors?: number[];
}

const endpoints = new Map<string, EndpointSpec>();

/** Adds (or replaces, on hot reload) the description of one route. */
export function registerEndpoint(spec: EndpointSpec): void {
	endpoints.set(`${spec.method} ${spec.path}`, spec);
}

// Sign-in and sign-out are the shell's own endpoints: every client needs them to get a token.
registerEndpoint({
	method: 'post',
	path: '/api/v1/auth/login',
	summary: 'Sign in and receive a bearer token',
	tags: ['Auth'],
	permission: false,
	body: loginSchema,
	response: z.object({
		token: z.string(),
		tokenType: z.literal('Bearer'),
		expiresAt: z.iso.datetime(),
		user: z.object({ id: z.number(), username: z.string(), displayName: z.string() })
	}),
	errors: [401, 429]
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/auth/logout',
	summary: 'End the session of the bearer token sent',
	tags: ['Auth'],
	permission: false
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
	400: 'Malformed request (for example, a body that is not JSON)',
	401: 'Missing, invalid or expired bearer token',
	403: 'The token’s user lacks the required permission',
	404: 'Not found, or outside the caller’s branch scope',
	409: 'Conflict: duplicate, stale version or protected record',
	422: 'Validation failed; `fields` maps each field path to its message',
	429: 'Too many attempts; try again later'
};

const RESPONSE_NAMES: Record<number, string> = {
	400: 'BadRequest',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'NotFound',
	409: 'Conflict',
	422: 'ValidationFailed',
	429: 'TooManyRequests'
};

type JsonSchema = Record<string, unknown>;

/**
 * Converts a zod schema to JSON Schema 2020-12 (OpenAPI 3.1's dialect), moving named
 * definitions into components.schemas and pointing references there.
 */
function toSchema(
	schema: z.ZodType,
	io: 'input' | 'output',
	components: Record<string, JsonSchema>
): JsonSchema {
	const converted = z.toJSONSchema(schema, {
		io,
		unrepresentable: 'any',
		reused: 'inline'
	}) as JsonSchema;
	const { $defs, ...rest } = converted;
	delete rest.$schema;
	for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
		components[name] = rewriteRefs(def) as JsonSchema;
	}
	return rewriteRefs(rest) as JsonSchema;
}

function rewriteRefs(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(rewriteRefs);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [
				k,
				k === '$ref' && typeof v === 'string'
					? v.replace('#/$defs/', '#/components/schemas/')
					: rewriteRefs(v)
			])
		);
	}
	return value;
}

function queryParameters(schema: z.ZodType, components: Record<string, JsonSchema>) {
	const json = toSchema(schema, 'input', components);
	const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
	const required = new Set((json.required ?? []) as string[]);
	return Object.entries(properties).map(([name, property]) => ({
		name,
		in: 'query',
		required: required.has(name),
		schema: property
	}));
}

function pathParameters(path: string) {
	return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
		name,
		in: 'path',
		required: true,
		schema: /id$/i.test(name) ? { type: 'integer', minimum: 1 } : { type: 'string' }
	}));
}

function operation(spec: EndpointSpec, components: Record<string, JsonSchema>) {
	const failures = new Set<number>(spec.errors ?? []);
	if (spec.permission) [401, 403].forEach((s) => failures.add(s));
	if (spec.body) [400, 422].forEach((s) => failures.add(s));
	if (spec.query) failures.add(422);
	if (spec.path.includes('{')) failures.add(404);
	if (spec.conflict) failures.add(409);

	const status = spec.status ?? (spec.response ? 200 : 204);
	const responses: Record<string, unknown> = {
		[status]: spec.response
			? {
					description: 'Success',
					content: { 'application/json': { schema: toSchema(spec.response, 'output', components) } }
				}
			: { description: 'Success, no content' }
	};
	for (const code of [...failures].sort()) {
		responses[code] = RESPONSE_NAMES[code]
			? { $ref: `#/components/responses/${RESPONSE_NAMES[code]}` }
			: {
					description: 'Error',
					content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
				};
	}
	const parameters = [
		...pathParameters(spec.path),
		...(spec.query ? queryParameters(spec.query, components) : [])
	];
	return {
		operationId: `${spec.method}${spec.path
			.replace(/^\/api\/v1/, '')
			.replace(/[{}]/g, '')
			.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
		summary: spec.summary,
		...(spec.description ? { description: spec.description } : {}),
		tags: spec.tags,
		security: spec.permission ? [{ bearerAuth: [] }] : [],
		...(spec.permission
			? { 'x-permission': `${spec.permission.area}:${spec.permission.level}` }
			: {}),
		...(parameters.length ? { parameters } : {}),
		...(spec.body
			? {
					requestBody: {
						required: true,
						content: { 'application/json': { schema: toSchema(spec.body, 'input', components) } }
					}
				}
			: {}),
		responses
	};
}

/** Builds the whole document from every registered endpoint. */
export async function buildOpenApiDocument(serverUrl = '/'): Promise<Record<string, unknown>> {
	await Promise.all(ENDPOINT_MODULES.map((load) => load()));
	const schemas: Record<string, JsonSchema> = {
		Error: {
			type: 'object',
			required: ['error'],
			properties: {
				error: {
					type: 'object',
					required: ['code', 'message'],
					properties: {
						code: {
							type: 'string',
							description: 'Stable machine-readable code, e.g. `validation_failed`'
						},
						message: { type: 'string', description: 'Translated for Accept-Language (fa or en)' },
						fields: {
							type: 'object',
							description: 'Field path (dot-joined) → translated message; only on 422 and some 409',
							additionalProperties: { type: 'string' }
						}
					}
				}
			}
		}
	};
	const paths: Record<string, Record<string, unknown>> = {};
	const sorted = [...endpoints.values()].sort((a, b) => a.path.localeCompare(b.path));
	for (const spec of sorted) {
		paths[spec.path] ??= {};
		paths[spec.path][spec.method] = operation(spec, schemas);
	}
	const responses = Object.fromEntries(
		Object.entries(RESPONSE_NAMES).map(([code, name]) => [
			name,
			{
				description: ERROR_DESCRIPTIONS[Number(code)],
				content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
			}
		])
	);
	return {
		openapi: '3.1.0',
		info: {
			title: 'Khadamat API',
			version: '1',
			description:
				'After-sales service desk. Sign in with POST /api/v1/auth/login and send the token as ' +
				'`Authorization: Bearer <token>`. Messages follow Accept-Language (fa, en).'
		},
		servers: [{ url: serverUrl }],
		jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
		paths,
		components: {
			schemas,
			responses,
			securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } }
		}
	};
}
