/**
 * Bot replies sent from a `telegram.update` job are keyed by the update and their order in it
 * (`tg-reply:<update_id>:<n>`) and recorded as deliveries, so a job replayed after a crash
 * re-runs the handler without texting the customer twice: a reply already sent is skipped, and
 * one that was on the wire when the first run died becomes `uncertain` (staff may resend it from
 * /admin/messages) instead of going out again.
 */
import { GrammyError, type Transformer } from 'grammy';
import type { Message } from 'grammy/types';
import {
	beginDirectSend,
	finishDirectSend,
	markDirectInFlight
} from '#lib/server/notify/deliveries';
import { beforeWire } from '#lib/server/notify/telegram-api';

/** Who a reply goes to, read when it is sent (the chat row is loaded after this is installed). */
export interface ReplyRecipient {
	customerId: number | null;
	userId: number | null;
	locale: 'fa' | 'en';
}

/** What the handler gets back for a reply that is not sent again: the message as first sent. */
function recordedMessage(chatId: string, text: string, messageId: string | null): Message {
	return {
		message_id: Number(messageId ?? 0),
		date: Math.floor(Date.now() / 1000),
		chat: { id: Number(chatId), type: 'private', first_name: '' },
		text
	} as Message.TextMessage;
}

/** A transformer for one update's context API that sends each sendMessage at most once. */
export function replyLedger(updateId: number, recipient: () => ReplyRecipient): Transformer {
	let sequence = 0;
	const ledger: Transformer = async (prev, method, payload, signal) => {
		if (method !== 'sendMessage') return prev(method, payload, signal);
		const fields = payload as unknown as Record<string, unknown>;
		const chatId = String(fields.chat_id);
		const text = String(fields.text ?? '');
		const { send, delivery } = await beginDirectSend({
			dedupeKey: `tg-reply:${updateId}:${sequence++}`,
			chatId,
			text,
			replyMarkup: fields.reply_markup,
			...recipient()
		});
		if (!send) {
			const result = recordedMessage(chatId, text, delivery.providerMessageId);
			return { ok: true, result } as Awaited<ReturnType<typeof prev<typeof method>>>;
		}
		beforeWire(payload, () => markDirectInFlight(delivery.id));
		let response;
		try {
			response = await prev(method, payload, signal);
		} catch (error) {
			await finishDirectSend(delivery.id, { error });
			throw error;
		}
		if (response.ok) {
			const message = response.result as unknown as Message;
			await finishDirectSend(delivery.id, { messageId: String(message.message_id) });
		} else {
			await finishDirectSend(delivery.id, {
				error: new GrammyError('sendMessage refused', response, 'sendMessage', payload)
			});
		}
		return response;
	};
	return ledger;
}
