import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument, registerEndpoint } from './openapi';

type Doc = {
	openapi: string;
	paths: Record<string, Record<string, Record<string, unknown>>>;
	components: Record<string, Record<string, Record<string, unknown>>>;
};

describe('OpenAPI document', () => {
	// The first build imports every context's endpoint module (and what they import); that
	// one-time cost belongs to setup, not to the assertions.
	beforeAll(() => buildOpenApiDocument(), 120_000);

	it('is OpenAPI 3.1 with a bearer scheme and the common error schema', async () => {
		const doc = (await buildOpenApiDocument('https://desk.example')) as Doc;
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
		expect(doc.components.schemas.Error).toMatchObject({ required: ['error'] });
	});

	it('documents user creation with bearer security, its body and a 422 with field messages', async () => {
		const doc = (await buildOpenApiDocument()) as Doc;
		const create = doc.paths['/api/v1/users'].post;
		expect(create.security).toEqual([{ bearerAuth: [] }]);
		const responses = create.responses as Record<string, { $ref?: string }>;
		expect(Object.keys(responses)).toEqual(
			expect.arrayContaining(['201', '401', '403', '409', '422'])
		);
		expect(responses['422'].$ref).toBe('#/components/responses/ValidationFailed');
		const body = (
			create.requestBody as { content: Record<string, { schema: { required: string[] } }> }
		).content['application/json'].schema;
		expect(body.required).toEqual(expect.arrayContaining(['username', 'displayName', 'password']));
		expect(doc.paths['/api/v1/users'].get.parameters).toEqual(
			expect.arrayContaining([expect.objectContaining({ name: 'cursor', in: 'query' })])
		);
	});

	it('leaves sign-in public and resolves every schema reference', async () => {
		const doc = (await buildOpenApiDocument()) as Doc;
		expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
		const text = JSON.stringify(doc);
		expect(text).not.toContain('#/$defs/');
		for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
			expect(doc.components.schemas[name], name).toBeDefined();
		}
	});

	it('adds an endpoint registered by another context in one call', async () => {
		registerEndpoint({
			method: 'get',
			path: '/api/v1/widgets/{id}',
			summary: 'Get a widget',
			tags: ['Widgets'],
			permission: { area: 'catalog', level: 'view' },
			response: z.object({ id: z.number() })
		});
		const doc = (await buildOpenApiDocument()) as Doc;
		const get = doc.paths['/api/v1/widgets/{id}'].get;
		expect(get.parameters).toEqual([
			expect.objectContaining({ name: 'id', in: 'path', required: true })
		]);
		expect(Object.keys(get.responses as object)).toEqual(
			expect.arrayContaining(['200', '401', '403', '404'])
		);
	});
});
