import type { fa } from '../webhooks';

/** English of ../webhooks.ts; a missing key is a compile error here. */
export const en: Record<keyof typeof fa, string> = {
	'nav.webhooks': 'Webhooks',
	'webhooks.title': 'Webhooks (events to other systems)',
	'webhooks.intro':
		'Every event (request, order, work log, QC, stock document, invoice, journal entry, payroll month locked) is POSTed to the addresses below, signed with HMAC-SHA256; a receiver that is down gets it again with growing waits.',
	'webhooks.none': 'No endpoints yet.',
	'webhooks.new': 'New endpoint',
	'webhooks.name': 'Name',
	'webhooks.url': 'URL',
	'webhooks.events': 'Events',
	'webhooks.eventsHint': 'Tick none to receive every event.',
	'webhooks.allEvents': 'All events',
	'webhooks.active': 'Active',
	'webhooks.inactive': 'Inactive',
	'webhooks.create': 'Add',
	'webhooks.created': 'Endpoint added. Give the signing secret to the receiving system.',
	'webhooks.saved': 'Changes saved.',
	'webhooks.deleted': 'Endpoint deleted.',
	'webhooks.delete': 'Delete endpoint',
	'webhooks.deleteConfirm': 'Delete this endpoint and its delivery log.',
	'webhooks.secret': 'Signing secret',
	'webhooks.secretHint':
		'The X-Khadamat-Signature header reads t=<time>,v1=<HMAC-SHA256 of "time.body">.',
	'webhooks.rotate': 'New secret',
	'webhooks.rotated': 'New secret issued; the old one no longer signs.',
	'webhooks.stats': '{ok} delivered, {pending} pending, {failed} failed',
	'webhooks.deliveries': 'Delivery log',
	'webhooks.noDeliveries': 'Nothing sent yet.',
	'webhooks.delivery.event': 'Event',
	'webhooks.delivery.status': 'Status',
	'webhooks.delivery.attempts': 'Attempts',
	'webhooks.delivery.response': 'Response',
	'webhooks.delivery.at': 'Last attempt',
	'webhooks.delivery.next': 'Next attempt',
	'webhooks.delivery.redeliver': 'Redeliver',
	'webhooks.delivery.redelivered': 'Queued for delivery again.',
	'webhooks.delivery.status.pending': 'Pending',
	'webhooks.delivery.status.succeeded': 'Delivered',
	'webhooks.delivery.status.failed': 'Failed',
	'webhooks.delivery.older': 'Older',
	'webhooks.back': 'Back to webhooks',
	'webhooks.error.deliveryFailed':
		'The webhook receiver did not accept the delivery; it will be retried.'
};
