import { json } from '@sveltejs/kit';
import { buildOpenApiDocument } from '#lib/server/http/openapi';
import type { RequestHandler } from './$types';

// Public on purpose: the document describes the API, it grants nothing.
export const GET: RequestHandler = async ({ url }) => json(await buildOpenApiDocument(url.origin));
