import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../http/openapi';

type Doc = {
	paths: Record<
		string,
		Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>
	>;
};

describe('service path in the OpenAPI document', () => {
	it('documents every service-path endpoint with its success and conflict answers', async () => {
		const doc = (await buildOpenApiDocument()) as Doc;
		const expected: [string, string, string][] = [
			['get', '/api/v1/service-requests', '200'],
			['post', '/api/v1/service-requests', '201'],
			['post', '/api/v1/service-requests/bulk', '201'],
			['get', '/api/v1/service-requests/{id}', '200'],
			['get', '/api/v1/service-requests/{id}/history', '200'],
			['post', '/api/v1/service-requests/{id}/transitions', '409'],
			['get', '/api/v1/service-orders', '200'],
			['post', '/api/v1/service-orders', '201'],
			['patch', '/api/v1/service-orders/{id}', '409'],
			['get', '/api/v1/work-logs', '200'],
			['post', '/api/v1/work-logs', '201'],
			['post', '/api/v1/work-logs/{id}/qc', '201'],
			['post', '/api/v1/estimates', '201'],
			['post', '/api/v1/estimates/{id}/answer', '409']
		];
		for (const [method, path, status] of expected) {
			expect(doc.paths[path]?.[method]?.responses, `${method} ${path}`).toHaveProperty(status);
		}
		const text = JSON.stringify(doc);
		for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
			expect(text).toContain(`"${name}":{`);
		}
		// Converting every context's schemas is slow on a busy machine; this is not a timing test.
	}, 60_000);
});
