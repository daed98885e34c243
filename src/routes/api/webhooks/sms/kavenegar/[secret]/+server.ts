import type { RequestHandler } from './$types';
import { handleKavenegarWebhook } from '#lib/server/notify/webhooks';

/** Kavenegar's inbound SMS forwarding (GET with query fields, or POST JSON); secret in the path. */
export const GET: RequestHandler = ({ params, request }) =>
	handleKavenegarWebhook(params.secret, request);

export const POST: RequestHandler = ({ params, request }) =>
	handleKavenegarWebhook(params.secret, request);
