import type { RequestHandler } from './$types';
import { handleTelegramWebhook } from '#lib/server/notify/webhooks';

/** Telegram's webhook: secret header checked, update stored by update_id, work done by a job. */
export const POST: RequestHandler = ({ request }) => handleTelegramWebhook(request);
