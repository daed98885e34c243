import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { toLocale, translate, type Locale } from '#lib/i18n';
import { can, requirePermission, type Actor, type Area, type Level } from '../auth/access';
import { AppError, parseOrThrow, unauthorized } from './errors';

type RoutePermission = { area: Area; level: Level };

interface RouteOptions<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
	/** Permission needed (any one of a list); `false` for public endpoints such as sign-in. */
	permission: RoutePermission | RoutePermission[] | false;
	body?: B;
	query?: Q;
}

interface RouteContext<B, Q> {
	event: RequestEvent;
	actor: Actor;
	body: B;
	query: Q;
	locale: Locale;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Locale for an API answer: the caller's Accept-Language, else the user's preference, else Persian. */
export function apiLocale(event: RequestEvent): Locale {
	const header = event.request.headers.get('accept-language');
	if (header) return toLocale(header.trim().slice(0, 2).toLowerCase());
	return toLocale(event.locals.actor?.user.locale);
}

/** The JSON error body every API failure uses. */
export function errorResponse(error: unknown, locale: Locale): Response {
	if (error instanceof AppError) {
		const fields = error.fields
			? Object.fromEntries(
					Object.entries(error.fields).map(([path, f]) => [
						path,
						translate(locale, f.key, f.params)
					])
				)
			: undefined;
		return json(
			{
				error: {
					code: error.code,
					message: translate(locale, error.messageKey, error.params),
					...(fields ? { fields } : {}),
					...(error.details ?? {})
				}
			},
			{ status: error.status }
		);
	}
	console.error('Unhandled API error', error);
	return json(
		{ error: { code: 'internal', message: translate(locale, 'error.internal') } },
		{ status: 500 }
	);
}

async function readJson(request: Request): Promise<unknown> {
	const text = await request.text();
	if (!text.trim()) return {};
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new AppError(400, 'bad_json', 'error.badJson');
	}
}

/**
 * Wraps an API handler: authenticates (bearer tokens only for writes, so cookies cannot be
 * ridden cross-site), checks the permission, validates body and query, and renders errors.
 */
export function apiRoute<
	B extends z.ZodType | undefined = undefined,
	Q extends z.ZodType | undefined = undefined
>(
	options: RouteOptions<B, Q>,
	/** Returns a Response, or data to send as JSON. */
	handler: (ctx: RouteContext<Infer<B>, Infer<Q>>) => Promise<unknown>
) {
	return async (event: RequestEvent): Promise<Response> => {
		const locale = apiLocale(event);
		try {
			const actor = event.locals.actor;
			if (options.permission) {
				if (!actor) throw unauthorized();
				if (actor.via === 'cookie' && !SAFE_METHODS.has(event.request.method)) throw unauthorized();
				const wanted = [options.permission].flat();
				if (!wanted.some((p) => can(actor, p.area, p.level)))
					requirePermission(actor, wanted[0]!.area, wanted[0]!.level);
			}
			const body = options.body
				? parseOrThrow(options.body, await readJson(event.request))
				: undefined;
			const query = options.query
				? parseOrThrow(options.query, Object.fromEntries(event.url.searchParams))
				: undefined;
			const result = await handler({
				event,
				actor: actor as Actor,
				body: body as Infer<B>,
				query: query as Infer<Q>,
				locale
			});
			return result instanceof Response ? result : json(result);
		} catch (error) {
			return errorResponse(error, locale);
		}
	};
}
