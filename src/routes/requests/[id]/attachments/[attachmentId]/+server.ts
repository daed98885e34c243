import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n';
import { requireActor } from '#lib/server/auth/guard';
import { AppError } from '#lib/server/http/errors';
import { readAttachment } from '#lib/server/service/attachments';
import { pathId } from '../../../page-errors';
import type { RequestHandler } from './$types';

/** Downloads a photo or PDF of a request the user may see (same scope rules as the request). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const locale = event.locals.locale;
	const requestId = pathId(locale, event.params.id);
	const attachmentId = pathId(locale, event.params.attachmentId);
	try {
		const { attachment, bytes } = await readAttachment(actor, attachmentId);
		if (attachment.requestId !== requestId)
			error(404, { message: translate(locale, 'error.notFound'), code: 'not_found' });
		const inline = attachment.mime.startsWith('image/') || attachment.mime === 'application/pdf';
		return new Response(new Uint8Array(bytes), {
			headers: {
				'content-type': attachment.mime,
				'content-length': String(bytes.byteLength),
				'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
				'x-content-type-options': 'nosniff',
				'cache-control': 'private, max-age=300'
			}
		});
	} catch (failure) {
		if (failure instanceof AppError)
			error(failure.status, { message: translate(locale, failure.messageKey), code: failure.code });
		throw failure;
	}
};
