/**
 * Messages of user, role and group administration. The first admin.* keys (titles and field
 * labels shared with the shell) still live in core.ts; these are the administration pages' own.
 */
export const fa = {
	'admin.someone': 'کاربری دیگر',
	'admin.filters': 'فیلترها',
	'admin.filter.apply': 'اعمال فیلتر',
	'admin.filter.clear': 'پاک کردن فیلترها',
	'admin.nextPage': 'صفحهٔ بعد',
	'admin.firstPage': 'صفحهٔ نخست',
	'admin.reload': 'بارگذاری دوباره',
	'admin.deleteConfirm': 'برای حذف، این گزینه را تأیید کنید',
	'admin.users.search': 'جستجو در نام کاربری یا نام',
	'admin.users.role': 'نقش',
	'admin.users.anyRole': 'همهٔ نقش‌ها',
	'admin.users.anyBranch': 'همهٔ شعبه‌ها',
	'admin.users.anyStatus': 'همهٔ وضعیت‌ها',
	'admin.users.scopeAll': 'همهٔ شعبه‌ها (بدون محدودیت)',
	'admin.users.edit': 'ویرایش کاربر',
	'admin.users.created': 'کاربر ایجاد شد.',
	'admin.users.newPasswordHint': 'دست‌کم ۱۰ نویسه؛ از گذرواژه‌های ساده و تکراری پرهیز کنید.',
	'admin.users.activeLabel': 'حساب فعال است و کاربر می‌تواند وارد شود',
	'admin.users.activeHint': 'با غیرفعال کردن، همهٔ نشست‌های کاربر بسته می‌شود.',
	'admin.users.noAgency': 'بدون نمایندگی',
	'admin.users.agencyHint': 'برای کاربران با نقش نماینده الزامی است.',
	'admin.users.agencyRequired': 'کاربری که نقش نماینده دارد باید به یک نمایندگی وصل باشد.',
	'admin.users.agencyOtherBranch': 'این نمایندگی زیرمجموعهٔ شعبهٔ انتخاب‌شده نیست.',
	'admin.users.branchOutOfScope': 'شما فقط کاربران شعبهٔ خود را مدیریت می‌کنید.',
	'admin.users.usernameReserved':
		'نام‌های کاربری که با «system.» شروع می‌شوند برای کاربران داخلی سامانه رزرو شده‌اند.',
	'admin.users.grantsHint': 'این دسترسی‌ها جدا از نقش‌ها و گروه‌ها فقط به همین کاربر داده می‌شود.',
	'admin.users.effective': 'دسترسی مؤثر (نقش‌ها، گروه‌ها و دسترسی مستقیم)',
	'admin.users.account': 'حساب کاربری',
	'admin.users.access': 'نقش‌ها و دسترسی‌ها',
	'admin.users.none': 'هیچ کاربری با این فیلترها یافت نشد.',
	'admin.users.version': 'نسخهٔ {version}',
	'admin.roles.keyFormat':
		'شناسه با حرف کوچک لاتین آغاز شود و فقط حرف کوچک، رقم و زیرخط داشته باشد.',
	'admin.roles.keyHint': 'مثلاً senior_technician؛ پس از ایجاد تغییر نمی‌کند.',
	'admin.roles.adminFixed':
		'دسترسی‌های نقش مدیر سیستم ثابت است تا همیشه کسی بتواند سامانه را مدیریت کند.',
	'admin.roles.edit': 'ویرایش نقش',
	'admin.roles.grants': 'ماتریس دسترسی',
	'admin.roles.custom': 'سفارشی',
	'admin.roles.deleted': 'نقش حذف شد.',
	'admin.roles.created': 'نقش ایجاد شد.',
	'admin.roles.builtInHint':
		'نقش پیش‌ساخته را می‌توان تغییر نام داد و دسترسی‌هایش را ویرایش کرد، اما حذف نمی‌شود.',
	'admin.groups.edit': 'ویرایش گروه',
	'admin.groups.created': 'گروه ایجاد شد.',
	'admin.groups.deleted': 'گروه حذف شد.',
	'admin.groups.filterMembers': 'یافتن کاربر',
	'admin.groups.memberCount': '{count} عضو',
	'admin.groups.grantsHint': 'این دسترسی‌ها یک‌جا به همهٔ اعضای گروه داده می‌شود.',
	'admin.groups.none': 'هنوز گروهی تعریف نشده است.',
	'admin.grants.caption': 'سطح دسترسی هر بخش',
	'admin.grants.option': '{area}: {level}'
} as const;
