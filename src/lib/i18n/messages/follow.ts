/** Messages of tracking groups and the in-app notice list. */
export const fa = {
	'nav.notifications': 'اعلان‌ها',
	'follow.title': 'اعلان‌های پیگیری',
	'follow.intro':
		'تغییرات درخواست‌هایی که گروه‌های پیگیری شما دنبال می‌کنند، همین‌جا و بی‌درنگ می‌رسد.',
	'follow.unread': '{count} خوانده‌نشده',
	'follow.showUnread': 'فقط خوانده‌نشده‌ها',
	'follow.showAll': 'همه',
	'follow.markAll': 'همه خوانده شد',
	'follow.markRead': 'خوانده شد',
	'follow.none': 'اعلانی نیست.',
	'follow.arrived': 'اعلان تازه رسید.',
	'follow.event.service_request.created': 'درخواست تازه پذیرش شد',
	'follow.event.service_request.status_changed': 'وضعیت تغییر کرد',
	'follow.event.service_order.issued': 'دستور خدمت صادر شد',
	'follow.event.service_order.reassigned': 'دستور خدمت به سرویس‌کار دیگری سپرده شد',
	'follow.event.estimate.declared': 'برآورد هزینه اعلام شد',
	'follow.event.estimate.answered': 'مشتری به برآورد پاسخ داد',
	'follow.event.work_log.reviewed': 'کنترل کیفیت انجام شد',
	'follow.event.delivery.recorded': 'کالا تحویل شد',
	'follow.event.replacement.recorded': 'کالا تعویض شد',
	'follow.groups.title': 'گروه‌های پیگیری',
	'follow.groups.intro':
		'هر گروه کاربری می‌تواند درخواست‌های یک شعبه، یک نمایندگی و/یا یک گروه کالا را دنبال کند؛ اعضای کارمند گروه برای هر مرحلهٔ آن درخواست‌ها اعلان می‌گیرند. اعضا را در «گروه‌های کاربری» تعیین کنید.',
	'follow.groups.none': 'هنوز هیچ گروهی درخواستی را دنبال نمی‌کند.',
	'follow.groups.group': 'گروه کاربری',
	'follow.groups.category': 'گروه کالا',
	'follow.groups.members': 'اعضا',
	'follow.groups.new': 'قاعدهٔ پیگیری تازه',
	'follow.groups.hint': 'هر فیلدی که «همه» بماند، همه را در بر می‌گیرد.'
} as const;
