import { inArray } from 'drizzle-orm';
import type { RoleKey } from '#lib/domain/permissions';
import type { Tx } from '../db';
import {
	agencies,
	branches,
	counters,
	roles,
	userRoles,
	users,
	type WeeklyHours
} from '../db/schema';

// Saturday (0) … Wednesday (4): 8:00–17:00; Thursday (5): 8:00–13:00; Friday (6): closed.
const IRAN_WEEK: WeeklyHours = {
	'0': [[480, 1020]],
	'1': [[480, 1020]],
	'2': [[480, 1020]],
	'3': [[480, 1020]],
	'4': [[480, 1020]],
	'5': [[480, 780]],
	'6': []
};

const BRANCHES = [
	{
		code: 'THR-01',
		nameFa: 'تهران — مرکزی',
		nameEn: 'Tehran — Central',
		city: 'تهران',
		address: 'تهران، خیابان شریعتی، بالاتر از پل سیدخندان، پلاک ۴۱۲',
		phone: '021-88451200'
	},
	{
		code: 'ISF-01',
		nameFa: 'اصفهان',
		nameEn: 'Isfahan',
		city: 'اصفهان',
		address: 'اصفهان، خیابان چهارباغ بالا، مجتمع پارک، طبقهٔ همکف',
		phone: '031-36612040'
	}
];

const STAFF: {
	username: string;
	name: string;
	role: RoleKey;
	branch: string | null;
	personnelNo?: string;
}[] = [
	{ username: 'm.rahimi', name: 'مریم رحیمی', role: 'supervisor', branch: null },
	{ username: 'a.karimi', name: 'علی کریمی', role: 'supervisor', branch: 'ISF-01' },
	{ username: 'z.hosseini', name: 'زهرا حسینی', role: 'reception', branch: 'THR-01' },
	{ username: 'n.jafari', name: 'نگار جعفری', role: 'reception', branch: 'THR-01' },
	{ username: 's.moradi', name: 'سعید مرادی', role: 'reception', branch: 'ISF-01' },
	{ username: 'h.ahmadi', name: 'حمید احمدی', role: 'dispatcher', branch: 'THR-01' },
	{ username: 'f.ghasemi', name: 'فاطمه قاسمی', role: 'dispatcher', branch: 'ISF-01' },
	{
		username: 'r.sadeghi',
		name: 'رضا صادقی',
		role: 'technician',
		branch: 'THR-01',
		personnelNo: '1402-117'
	},
	{
		username: 'm.nazari',
		name: 'محمد نظری',
		role: 'technician',
		branch: 'THR-01',
		personnelNo: '1399-052'
	},
	{
		username: 'k.bagheri',
		name: 'کامران باقری',
		role: 'technician',
		branch: 'THR-01',
		personnelNo: '1401-088'
	},
	{
		username: 'e.mohammadi',
		name: 'الهام محمدی',
		role: 'technician',
		branch: 'THR-01',
		personnelNo: '1403-004'
	},
	{
		username: 'j.rostami',
		name: 'جواد رستمی',
		role: 'technician',
		branch: 'ISF-01',
		personnelNo: '1400-031'
	},
	{
		username: 'p.soltani',
		name: 'پویا سلطانی',
		role: 'technician',
		branch: 'ISF-01',
		personnelNo: '1402-140'
	},
	{ username: 's.kazemi', name: 'سارا کاظمی', role: 'qc', branch: 'THR-01' },
	{ username: 'b.yousefi', name: 'بهروز یوسفی', role: 'qc', branch: 'ISF-01' },
	{ username: 'a.ebrahimi', name: 'امیر ابراهیمی', role: 'warehouse', branch: 'THR-01' },
	{ username: 'l.mousavi', name: 'لیلا موسوی', role: 'warehouse', branch: 'ISF-01' },
	{ username: 'm.hashemi', name: 'مهدی هاشمی', role: 'accountant', branch: null },
	{ username: 'agent.parsian', name: 'حسن پارسیان', role: 'agent', branch: 'THR-01' },
	{ username: 'agent.zayandeh', name: 'نرگس زاینده‌رودی', role: 'agent', branch: 'ISF-01' }
];

/** Branches, counters, agencies and about twenty staff across every role; skipped when branches exist. */
export async function seedOrgDemo(tx: Tx, passwordHash: string): Promise<{ users: number }> {
	const existing = await tx.select({ id: branches.id }).from(branches).limit(1);
	if (existing.length) return { users: 0 };
	const branchRows = await tx
		.insert(branches)
		.values(BRANCHES.map((b) => ({ ...b, weeklyHours: IRAN_WEEK })))
		.returning();
	const branchId = (code: string) => branchRows.find((b) => b.code === code)!.id;

	await tx.insert(counters).values([
		{ branchId: branchId('THR-01'), code: '1', name: 'باجهٔ ۱ — پذیرش' },
		{ branchId: branchId('THR-01'), code: '2', name: 'باجهٔ ۲ — پذیرش' },
		{ branchId: branchId('THR-01'), code: '3', name: 'باجهٔ ۳ — تحویل' },
		{ branchId: branchId('ISF-01'), code: '1', name: 'باجهٔ ۱ — پذیرش و تحویل' },
		{ branchId: branchId('ISF-01'), code: '2', name: 'باجهٔ ۲ — مشاوره' }
	]);
	const agencyRows = await tx
		.insert(agencies)
		.values([
			{
				code: 'AG-101',
				name: 'نمایندگی پارسیان — کرج',
				branchId: branchId('THR-01'),
				city: 'کرج',
				mobile: '+989121234501'
			},
			{
				code: 'AG-201',
				name: 'نمایندگی زاینده‌رود — نجف‌آباد',
				branchId: branchId('ISF-01'),
				city: 'نجف‌آباد',
				mobile: '+989131234502'
			}
		])
		.returning();

	const roleRows = await tx
		.select({ id: roles.id, key: roles.key })
		.from(roles)
		.where(inArray(roles.key, [...new Set(STAFF.map((s) => s.role))]));
	const roleId = (key: string) => roleRows.find((r) => r.key === key)!.id;

	for (const person of STAFF) {
		const agencyId =
			person.role === 'agent'
				? (agencyRows.find((a) => a.branchId === (person.branch ? branchId(person.branch) : -1))
						?.id ?? null)
				: null;
		const [user] = await tx
			.insert(users)
			.values({
				username: person.username,
				displayName: person.name,
				passwordHash,
				branchId: person.branch ? branchId(person.branch) : null,
				agencyId,
				personnelNo: person.personnelNo ?? null
			})
			.onConflictDoNothing({ target: users.username })
			.returning();
		if (user) await tx.insert(userRoles).values({ userId: user.id, roleId: roleId(person.role) });
	}
	return { users: STAFF.length };
}

/** The demo staff usernames, for the README and the dashboard message. */
export function listDemoUsernames(): { username: string; role: RoleKey }[] {
	return STAFF.map(({ username, role }) => ({ username, role }));
}
