import type { fa } from '../follow';

/** English of ../follow.ts; a missing key is a compile error here. */
export const en: Record<keyof typeof fa, string> = {
	'nav.notifications': 'Notifications',
	'follow.title': 'Tracking notifications',
	'follow.intro': 'Changes to the requests your tracking groups follow arrive here, live.',
	'follow.unread': '{count} unread',
	'follow.showUnread': 'Unread only',
	'follow.showAll': 'All',
	'follow.markAll': 'Mark all read',
	'follow.markRead': 'Mark read',
	'follow.none': 'No notifications.',
	'follow.arrived': 'A new notification arrived.',
	'follow.event.service_request.created': 'New request received',
	'follow.event.service_request.status_changed': 'Status changed',
	'follow.event.service_order.issued': 'Service order issued',
	'follow.event.service_order.reassigned': 'Service order reassigned',
	'follow.event.estimate.declared': 'Cost estimate declared',
	'follow.event.estimate.answered': 'Customer answered the estimate',
	'follow.event.work_log.reviewed': 'Quality check done',
	'follow.event.delivery.recorded': 'Product delivered',
	'follow.event.replacement.recorded': 'Product replaced',
	'follow.groups.title': 'Tracking groups',
	'follow.groups.intro':
		'Any user group can follow the requests of a branch, an agency and/or a product line; its staff members get a notification for each step of those requests. Set members under "User groups".',
	'follow.groups.none': 'No group follows any requests yet.',
	'follow.groups.group': 'User group',
	'follow.groups.category': 'Product line',
	'follow.groups.members': 'Members',
	'follow.groups.new': 'New tracking rule',
	'follow.groups.hint': 'A field left at "All" matches everything.'
};
