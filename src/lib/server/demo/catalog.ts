/**
 * Demo master data: the service catalogue, Iranian-style appliance products with their spare
 * parts and BOMs, about 150 customers, 300 sold units and the official solar holidays of 1405.
 * Generated from a fixed seed, so every run produces the same data.
 */
import { isNull } from 'drizzle-orm';
import { jalaliToIsoDay } from '#lib/domain/day-input';
import { fromJalali, jalaliMonthLength } from '#lib/domain/jalali';
import { nationalIdCheckDigit } from '#lib/domain/national-id';
import { normalizePersian, normalizeSerial } from '#lib/domain/text';
import type { Tx } from '../db';
import {
	bomLines,
	branchHolidays,
	customers,
	priorities,
	productCategories,
	productServices,
	products,
	serviceTypes,
	services,
	units,
	workTypes
} from '../db/schema';

/** Deterministic pseudo-random numbers (mulberry32), so the demo is the same on every machine. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const SERVICES = [
	{
		code: 'SV-DIAG',
		nameFa: 'عیب‌یابی و برآورد هزینه',
		nameEn: 'Diagnosis and estimate',
		standardMinutes: 30,
		labourRials: 5_000_000n
	},
	{
		code: 'SV-BOARD',
		nameFa: 'تعمیر برد',
		nameEn: 'Board repair',
		standardMinutes: 90,
		labourRials: 15_000_000n
	},
	{
		code: 'SV-COMP',
		nameFa: 'تعویض کمپرسور',
		nameEn: 'Compressor replacement',
		standardMinutes: 180,
		labourRials: 45_000_000n
	},
	{
		code: 'SV-GAS',
		nameFa: 'شارژ گاز',
		nameEn: 'Refrigerant recharge',
		standardMinutes: 60,
		labourRials: 12_000_000n
	},
	{
		code: 'SV-PM',
		nameFa: 'سرویس دوره‌ای',
		nameEn: 'Periodic service',
		standardMinutes: 60,
		labourRials: 8_000_000n
	},
	{
		code: 'SV-MOTOR',
		nameFa: 'تعویض موتور',
		nameEn: 'Motor replacement',
		standardMinutes: 120,
		labourRials: 25_000_000n
	},
	{
		code: 'SV-PANEL',
		nameFa: 'تعویض پنل نمایشگر',
		nameEn: 'Display panel replacement',
		standardMinutes: 90,
		labourRials: 30_000_000n
	},
	{
		code: 'SV-DRUM',
		nameFa: 'تعویض بلبرینگ و کاسه‌نمد',
		nameEn: 'Drum bearing and seal replacement',
		standardMinutes: 150,
		labourRials: 20_000_000n
	},
	{
		code: 'SV-INST',
		nameFa: 'نصب و راه‌اندازی',
		nameEn: 'Installation and commissioning',
		standardMinutes: 90,
		labourRials: 10_000_000n
	}
];

const WORK_TYPES = [
	{ code: 'WT-SHOP', nameFa: 'تعمیر در کارگاه', nameEn: 'Workshop repair' },
	{ code: 'WT-SITE', nameFa: 'تعمیر در محل مشتری', nameEn: 'On-site repair' },
	{ code: 'WT-PHONE', nameFa: 'پشتیبانی تلفنی', nameEn: 'Phone support' },
	{ code: 'WT-PICKUP', nameFa: 'دریافت و ارسال با پیک', nameEn: 'Courier pick-up and return' }
];

const SERVICE_TYPES = [
	{ code: 'ST-WAR', nameFa: 'گارانتی', nameEn: 'Under warranty', chargeable: false },
	{ code: 'ST-OOW', nameFa: 'خارج از گارانتی', nameEn: 'Out of warranty', chargeable: true },
	{ code: 'ST-INST', nameFa: 'نصب', nameEn: 'Installation', chargeable: false },
	{
		code: 'ST-REWORK',
		nameFa: 'بازگشتی (دوباره‌کاری)',
		nameEn: 'Rework (returned repair)',
		chargeable: false
	}
];

const PRIORITIES = [
	{
		code: 'P-NORMAL',
		nameFa: 'عادی',
		nameEn: 'Normal',
		slaResponseMinutes: 8 * 60,
		slaResolutionMinutes: 40 * 60,
		colour: '#1570ef'
	},
	{
		code: 'P-URGENT',
		nameFa: 'فوری',
		nameEn: 'Urgent',
		slaResponseMinutes: 2 * 60,
		slaResolutionMinutes: 16 * 60,
		colour: '#dc6803'
	},
	{
		code: 'P-CRITICAL',
		nameFa: 'بحرانی',
		nameEn: 'Critical',
		slaResponseMinutes: 30,
		slaResolutionMinutes: 8 * 60,
		colour: '#d92d20'
	}
];

const CATEGORIES = [
	{ code: 'RF', nameFa: 'یخچال و فریزر', nameEn: 'Fridges and freezers' },
	{ code: 'WM', nameFa: 'ماشین لباسشویی', nameEn: 'Washing machines' },
	{ code: 'TV', nameFa: 'تلویزیون', nameEn: 'Televisions' },
	{ code: 'AC', nameFa: 'کولر گازی', nameEn: 'Air conditioners' },
	{ code: 'VC', nameFa: 'جاروبرقی', nameEn: 'Vacuum cleaners' },
	{ code: 'PT-RF', nameFa: 'قطعات یخچال', nameEn: 'Fridge parts' },
	{ code: 'PT-WM', nameFa: 'قطعات لباسشویی', nameEn: 'Washing machine parts' },
	{ code: 'PT-TV', nameFa: 'قطعات تلویزیون', nameEn: 'TV parts' },
	{ code: 'PT-AC', nameFa: 'قطعات کولر گازی', nameEn: 'Air conditioner parts' },
	{ code: 'PT-VC', nameFa: 'قطعات جاروبرقی', nameEn: 'Vacuum cleaner parts' }
];

type Family = 'RF' | 'WM' | 'TV' | 'AC' | 'VC';

// Brands are invented, in the style of Iranian appliance makers.
const PRODUCTS: {
	code: string;
	family: Family;
	nameFa: string;
	nameEn: string;
	price: bigint;
	serviceable?: boolean;
	serialPrefix: string;
}[] = [
	{
		code: 'RF-AT-520',
		family: 'RF',
		nameFa: 'یخچال فریزر کمبی آریاتک ۵۲۰',
		nameEn: 'Ariatek combi fridge-freezer 520',
		price: 1_150_000_000n,
		serialPrefix: 'AT52'
	},
	{
		code: 'RF-IS-SBS700',
		family: 'RF',
		nameFa: 'یخچال ساید بای ساید ایران‌سرما ۷۰۰',
		nameEn: 'IranSarma side-by-side 700',
		price: 1_980_000_000n,
		serialPrefix: 'IS70'
	},
	{
		code: 'RF-PN-TW18',
		family: 'RF',
		nameFa: 'یخچال و فریزر دوقلوی پارس‌نور ۱۸ فوت',
		nameEn: 'ParsNoor twin fridge and freezer 18 ft',
		price: 1_420_000_000n,
		serialPrefix: 'PN18'
	},
	{
		code: 'WM-AT-8KG',
		family: 'WM',
		nameFa: 'ماشین لباسشویی آریاتک ۸ کیلوگرم',
		nameEn: 'Ariatek washing machine 8 kg',
		price: 640_000_000n,
		serialPrefix: 'AW08'
	},
	{
		code: 'WM-SP-9KG',
		family: 'WM',
		nameFa: 'ماشین لباسشویی سپیدار ۹ کیلوگرم اینورتر',
		nameEn: 'Sepidar inverter washing machine 9 kg',
		price: 780_000_000n,
		serialPrefix: 'SW09'
	},
	{
		code: 'WM-NV-7TL',
		family: 'WM',
		nameFa: 'ماشین لباسشویی درب از بالای نیک‌وش ۷ کیلوگرم',
		nameEn: 'Nikvash top-loader 7 kg',
		price: 455_000_000n,
		serialPrefix: 'NW07'
	},
	{
		code: 'TV-AT-43FHD',
		family: 'TV',
		nameFa: 'تلویزیون ۴۳ اینچ آریاتک Full HD',
		nameEn: 'Ariatek 43" Full HD TV',
		price: 395_000_000n,
		serialPrefix: 'AT43'
	},
	{
		code: 'TV-AT-55UHD',
		family: 'TV',
		nameFa: 'تلویزیون ۵۵ اینچ آریاتک 4K',
		nameEn: 'Ariatek 55" 4K TV',
		price: 690_000_000n,
		serialPrefix: 'AT55'
	},
	{
		code: 'TV-PN-65QLED',
		family: 'TV',
		nameFa: 'تلویزیون ۶۵ اینچ پارس‌نور QLED',
		nameEn: 'ParsNoor 65" QLED TV',
		price: 1_250_000_000n,
		serialPrefix: 'PN65'
	},
	{
		code: 'TV-AT-32HD',
		family: 'TV',
		nameFa: 'تلویزیون ۳۲ اینچ آریاتک HD (توقف تولید)',
		nameEn: 'Ariatek 32" HD TV (discontinued)',
		price: 210_000_000n,
		serviceable: false,
		serialPrefix: 'AT32'
	},
	{
		code: 'AC-IS-12',
		family: 'AC',
		nameFa: 'کولر گازی اسپلیت ایران‌سرما ۱۲۰۰۰',
		nameEn: 'IranSarma split AC 12000 BTU',
		price: 520_000_000n,
		serialPrefix: 'IS12'
	},
	{
		code: 'AC-IS-18',
		family: 'AC',
		nameFa: 'کولر گازی اسپلیت ایران‌سرما ۱۸۰۰۰',
		nameEn: 'IranSarma split AC 18000 BTU',
		price: 735_000_000n,
		serialPrefix: 'IS18'
	},
	{
		code: 'AC-AL-24INV',
		family: 'AC',
		nameFa: 'کولر گازی اینورتر البرزتاب ۲۴۰۰۰',
		nameEn: 'Alborztab inverter AC 24000 BTU',
		price: 1_080_000_000n,
		serialPrefix: 'AL24'
	},
	{
		code: 'VC-NV-2200',
		family: 'VC',
		nameFa: 'جاروبرقی نیک‌وش ۲۲۰۰ وات',
		nameEn: 'Nikvash vacuum cleaner 2200 W',
		price: 135_000_000n,
		serialPrefix: 'NV22'
	},
	{
		code: 'VC-SP-ROBO',
		family: 'VC',
		nameFa: 'جاروی رباتیک سپیدار',
		nameEn: 'Sepidar robot vacuum',
		price: 310_000_000n,
		serialPrefix: 'SPRB'
	}
];

// Parts per family: code suffix, Persian and English names, price in Rials, serial-tracked.
const PARTS: Record<Family, [string, string, string, bigint, boolean?][]> = {
	RF: [
		['COMP16', 'کمپرسور ۱/۶ اسب', 'Compressor 1/6 HP', 185_000_000n, true],
		['BRD', 'برد اصلی یخچال', 'Fridge main board', 62_000_000n, true],
		['THRM', 'ترموستات', 'Thermostat', 9_500_000n],
		['FAN', 'فن اواپراتور', 'Evaporator fan', 14_000_000n],
		['GAS', 'گاز مبرد R600a (۱۰۰ گرم)', 'R600a refrigerant (100 g)', 3_200_000n],
		['RLY', 'رلهٔ استارت کمپرسور', 'Compressor start relay', 4_800_000n],
		['GSKT', 'نوار لاستیکی درب', 'Door gasket', 7_500_000n],
		['DEF', 'المنت دیفراست', 'Defrost heater', 11_000_000n],
		['SNS', 'سنسور دما', 'Temperature sensor', 3_900_000n]
	],
	WM: [
		['MTR', 'موتور اینورتر', 'Inverter motor', 98_000_000n, true],
		['BRD', 'برد کنترل لباسشویی', 'Washer control board', 54_000_000n, true],
		['PUMP', 'پمپ تخلیه', 'Drain pump', 12_500_000n],
		['BRG', 'بلبرینگ دیگ', 'Drum bearing', 6_800_000n],
		['SEAL', 'کاسه‌نمد', 'Drum seal', 2_900_000n],
		['VLV', 'شیر برقی ورودی آب', 'Water inlet valve', 5_600_000n],
		['LOCK', 'قفل درب', 'Door lock', 4_700_000n],
		['BELT', 'تسمه', 'Drive belt', 2_400_000n],
		['SHK', 'کمک‌فنر', 'Shock absorber', 3_300_000n]
	],
	TV: [
		['P43', 'پنل ۴۳ اینچ', '43" panel', 165_000_000n, true],
		['P55', 'پنل ۵۵ اینچ', '55" panel', 310_000_000n, true],
		['P65', 'پنل ۶۵ اینچ QLED', '65" QLED panel', 620_000_000n, true],
		['MAIN', 'برد مین', 'Main board', 48_000_000n, true],
		['PSU', 'برد تغذیه', 'Power supply board', 26_000_000n],
		['LED', 'نوار بک‌لایت LED', 'LED backlight strip', 8_500_000n],
		['TCON', 'برد T-CON', 'T-CON board', 17_000_000n],
		['RMT', 'ریموت کنترل', 'Remote control', 2_200_000n]
	],
	AC: [
		['C12', 'کمپرسور روتاری ۱۲۰۰۰', 'Rotary compressor 12000 BTU', 145_000_000n, true],
		['C18', 'کمپرسور روتاری ۱۸۰۰۰', 'Rotary compressor 18000 BTU', 189_000_000n, true],
		['C24', 'کمپرسور اینورتر ۲۴۰۰۰', 'Inverter compressor 24000 BTU', 265_000_000n, true],
		['BRD', 'برد کنترل کولر', 'AC control board', 39_000_000n, true],
		['CAP', 'خازن استارت', 'Start capacitor', 2_600_000n],
		['FAN', 'موتور فن یونیت بیرونی', 'Outdoor fan motor', 21_000_000n],
		['GAS', 'گاز R410a (کیلوگرم)', 'R410a refrigerant (kg)', 9_800_000n],
		['RMT', 'ریموت کنترل کولر', 'AC remote control', 1_900_000n]
	],
	VC: [
		['MTR', 'موتور مکش', 'Suction motor', 28_000_000n],
		['BAG', 'کیسهٔ پارچه‌ای', 'Cloth dust bag', 900_000n],
		['HEPA', 'فیلتر هپا', 'HEPA filter', 2_100_000n],
		['HOSE', 'شلنگ', 'Hose', 2_800_000n],
		['BAT', 'باتری لیتیومی', 'Lithium battery', 14_500_000n],
		['BRSH', 'برس چرخان', 'Rotating brush', 3_400_000n]
	]
};

// BOM per product: part suffix → quantity (parts of the product's family).
const BOMS: Record<string, [string, number][]> = {
	'RF-AT-520': [
		['COMP16', 1],
		['BRD', 1],
		['THRM', 1],
		['FAN', 1],
		['GAS', 1.2],
		['RLY', 1],
		['GSKT', 2],
		['SNS', 2]
	],
	'RF-IS-SBS700': [
		['COMP16', 1],
		['BRD', 1],
		['FAN', 2],
		['GAS', 1.5],
		['GSKT', 2],
		['DEF', 1],
		['SNS', 3]
	],
	'RF-PN-TW18': [
		['COMP16', 2],
		['THRM', 2],
		['GAS', 2],
		['RLY', 2],
		['GSKT', 2],
		['DEF', 1]
	],
	'WM-AT-8KG': [
		['MTR', 1],
		['BRD', 1],
		['PUMP', 1],
		['BRG', 2],
		['SEAL', 1],
		['VLV', 1],
		['LOCK', 1],
		['SHK', 2]
	],
	'WM-SP-9KG': [
		['MTR', 1],
		['BRD', 1],
		['PUMP', 1],
		['BRG', 2],
		['SEAL', 1],
		['VLV', 2],
		['LOCK', 1],
		['SHK', 2]
	],
	'WM-NV-7TL': [
		['BRD', 1],
		['PUMP', 1],
		['VLV', 1],
		['BELT', 1],
		['SHK', 4]
	],
	'TV-AT-43FHD': [
		['P43', 1],
		['MAIN', 1],
		['PSU', 1],
		['LED', 6],
		['TCON', 1],
		['RMT', 1]
	],
	'TV-AT-55UHD': [
		['P55', 1],
		['MAIN', 1],
		['PSU', 1],
		['LED', 8],
		['TCON', 1],
		['RMT', 1]
	],
	'TV-PN-65QLED': [
		['P65', 1],
		['MAIN', 1],
		['PSU', 1],
		['LED', 10],
		['TCON', 1],
		['RMT', 1]
	],
	'TV-AT-32HD': [
		['MAIN', 1],
		['PSU', 1],
		['LED', 3],
		['RMT', 1]
	],
	'AC-IS-12': [
		['C12', 1],
		['BRD', 1],
		['CAP', 1],
		['FAN', 1],
		['GAS', 0.9],
		['RMT', 1]
	],
	'AC-IS-18': [
		['C18', 1],
		['BRD', 1],
		['CAP', 1],
		['FAN', 1],
		['GAS', 1.3],
		['RMT', 1]
	],
	'AC-AL-24INV': [
		['C24', 1],
		['BRD', 1],
		['FAN', 1],
		['GAS', 1.8],
		['RMT', 1]
	],
	'VC-NV-2200': [
		['MTR', 1],
		['BAG', 3],
		['HEPA', 1],
		['HOSE', 1]
	],
	'VC-SP-ROBO': [
		['BAT', 1],
		['HEPA', 2],
		['BRSH', 2]
	]
};

const FAMILY_SERVICES: Record<Family, string[]> = {
	RF: ['SV-DIAG', 'SV-BOARD', 'SV-COMP', 'SV-GAS', 'SV-PM'],
	WM: ['SV-DIAG', 'SV-BOARD', 'SV-MOTOR', 'SV-DRUM', 'SV-PM', 'SV-INST'],
	TV: ['SV-DIAG', 'SV-BOARD', 'SV-PANEL', 'SV-INST'],
	AC: ['SV-DIAG', 'SV-BOARD', 'SV-COMP', 'SV-GAS', 'SV-PM', 'SV-INST'],
	VC: ['SV-DIAG', 'SV-MOTOR', 'SV-PM']
};

const FIRST_NAMES = [
	'علی',
	'محمد',
	'حسین',
	'رضا',
	'مهدی',
	'امیر',
	'سعید',
	'حمید',
	'مجید',
	'بهزاد',
	'کاوه',
	'آرش',
	'پیمان',
	'فرهاد',
	'سیاوش',
	'مرتضی',
	'مصطفی',
	'جواد',
	'یاسر',
	'نیما',
	'زهرا',
	'فاطمه',
	'مریم',
	'سارا',
	'نرگس',
	'الهام',
	'لیلا',
	'مینا',
	'شیرین',
	'پریسا',
	'نسرین',
	'مهسا',
	'سمیرا',
	'آزاده',
	'فرشته',
	'هانیه',
	'ریحانه',
	'نازنین',
	'سپیده',
	'طاهره'
];
const LAST_NAMES = [
	'محمدی',
	'حسینی',
	'احمدی',
	'رضایی',
	'موسوی',
	'کریمی',
	'جعفری',
	'صادقی',
	'رحیمی',
	'هاشمی',
	'قاسمی',
	'نوری',
	'اکبری',
	'یزدانی',
	'طاهری',
	'شریفی',
	'کاظمی',
	'بهرامی',
	'فراهانی',
	'اصفهانی',
	'نجفی',
	'میرزایی',
	'سلطانی',
	'زمانی',
	'عباسی',
	'امینی',
	'خسروی',
	'شجاعی',
	'ملکی',
	'پورمحمدی',
	'نیک‌نام',
	'فتحی',
	'تهرانی',
	'کرمانی',
	'دهقان'
];
const STREETS = {
	tehran: [
		'خیابان ولیعصر',
		'خیابان شریعتی',
		'بلوار کشاورز',
		'خیابان آزادی',
		'شهرک غرب، بلوار فرحزادی',
		'نارمک، میدان هفت‌حوض',
		'پونک، بلوار میرزابابایی',
		'تهرانپارس، خیابان جشنواره'
	],
	isfahan: [
		'خیابان چهارباغ',
		'خیابان نظر شرقی',
		'بلوار کشاورز',
		'خیابان هشت‌بهشت',
		'خیابان جی',
		'شاهین‌شهر، بلوار امام'
	]
};
const MOBILE_PREFIXES = {
	tehran: ['912', '935', '919', '901', '990', '921'],
	isfahan: ['913', '930', '903', '933']
};

function nationalId(rand: () => number): string {
	const first = String(Math.floor(rand() * 1e9)).padStart(9, '0');
	return first + nationalIdCheckDigit(first);
}

/** Adds the demo catalogue, customers, units and 1405 holidays; does nothing if products exist. */
export async function seedCatalogDemo(
	tx: Tx
): Promise<{ products: number; parts: number; customers: number; units: number }> {
	const existing = await tx.select({ id: products.id }).from(products).limit(1);
	if (existing.length) return { products: 0, parts: 0, customers: 0, units: 0 };
	const rand = random(1405);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

	const serviceRows = await tx
		.insert(services)
		.values(SERVICES.map((s, i) => ({ ...s, sortOrder: i + 1 })))
		.returning({ id: services.id, code: services.code });
	await tx.insert(workTypes).values(WORK_TYPES.map((w, i) => ({ ...w, sortOrder: i + 1 })));
	await tx.insert(serviceTypes).values(SERVICE_TYPES.map((s, i) => ({ ...s, sortOrder: i + 1 })));
	await tx.insert(priorities).values(PRIORITIES.map((p, i) => ({ ...p, sortOrder: i + 1 })));
	const categoryRows = await tx.insert(productCategories).values(CATEGORIES).returning();
	const categoryId = (code: string) => categoryRows.find((c) => c.code === code)!.id;
	const serviceId = (code: string) => serviceRows.find((s) => s.code === code)!.id;

	const productRows = await tx
		.insert(products)
		.values(
			PRODUCTS.map((p) => ({
				code: p.code,
				nameFa: p.nameFa,
				nameEn: p.nameEn,
				categoryId: categoryId(p.family),
				priceRials: p.price,
				serviceable: p.serviceable ?? true,
				serialised: true,
				searchNorm: normalizePersian(`${p.code} ${p.nameFa} ${p.nameEn}`)
			}))
		)
		.returning({ id: products.id, code: products.code });
	const partValues = (Object.entries(PARTS) as [Family, (typeof PARTS)[Family]][]).flatMap(
		([family, parts]) =>
			parts.map(([suffix, nameFa, nameEn, price, serialised]) => {
				const code = `PT-${family}-${suffix}`;
				return {
					code,
					nameFa,
					nameEn,
					categoryId: categoryId(`PT-${family}`),
					isPart: true,
					serialised: serialised ?? false,
					priceRials: price,
					searchNorm: normalizePersian(`${code} ${nameFa} ${nameEn}`)
				};
			})
	);
	const partRows = await tx
		.insert(products)
		.values(partValues)
		.returning({ id: products.id, code: products.code });
	const partId = new Map(partRows.map((p) => [p.code, p.id]));
	const productId = new Map(productRows.map((p) => [p.code, p.id]));

	await tx.insert(bomLines).values(
		PRODUCTS.flatMap((p) =>
			(BOMS[p.code] ?? []).map(([suffix, quantity]) => ({
				productId: productId.get(p.code)!,
				partId: partId.get(`PT-${p.family}-${suffix}`)!,
				quantity
			}))
		)
	);
	await tx.insert(productServices).values(
		PRODUCTS.flatMap((p) =>
			FAMILY_SERVICES[p.family].map((code) => ({
				productId: productId.get(p.code)!,
				serviceId: serviceId(code)
			}))
		)
	);
	// Parts that are repaired or swapped on their own carry the service that replaces them.
	const partServices: [string, string][] = [
		['PT-RF-COMP16', 'SV-COMP'],
		['PT-AC-C12', 'SV-COMP'],
		['PT-AC-C18', 'SV-COMP'],
		['PT-AC-C24', 'SV-COMP'],
		['PT-RF-BRD', 'SV-BOARD'],
		['PT-WM-BRD', 'SV-BOARD'],
		['PT-TV-MAIN', 'SV-BOARD'],
		['PT-AC-BRD', 'SV-BOARD'],
		['PT-WM-MTR', 'SV-MOTOR']
	];
	await tx.insert(productServices).values(
		partServices.map(([part, service]) => ({
			productId: partId.get(part)!,
			serviceId: serviceId(service)
		}))
	);

	// Customers: unique mobiles, about half with a (check-digit-valid) national id.
	const usedMobiles = new Set<string>();
	const customerValues = [];
	while (customerValues.length < 150) {
		const city = rand() < 0.65 ? 'tehran' : 'isfahan';
		const mobile = `+989${pick(MOBILE_PREFIXES[city]).slice(1)}${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`;
		if (usedMobiles.has(mobile)) continue;
		usedMobiles.add(mobile);
		const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
		const cityName = city === 'tehran' ? 'تهران' : 'اصفهان';
		customerValues.push({
			name,
			nameNorm: normalizePersian(name),
			mobile,
			nationalId: rand() < 0.5 ? nationalId(rand) : null,
			address: `${cityName}، ${pick(STREETS[city])}، پلاک ${1 + Math.floor(rand() * 240)}`,
			locale: rand() < 0.08 ? ('en' as const) : ('fa' as const)
		});
	}
	const customerRows = await tx
		.insert(customers)
		.values(customerValues)
		.returning({ id: customers.id });

	// Units sold over the last two Jalali years; most have a registered owner.
	const sellable = PRODUCTS.map((p) => ({ ...p, id: productId.get(p.code)! }));
	const unitValues = [];
	const serials = new Set<string>();
	while (unitValues.length < 300) {
		const product = pick(sellable);
		const jy = rand() < 0.5 ? 1403 : 1404;
		const jm = 1 + Math.floor(rand() * 12);
		const jd = 1 + Math.floor(rand() * jalaliMonthLength(jy, jm));
		const serial = `${product.serialPrefix}-${jy}-${String(Math.floor(rand() * 1e6)).padStart(6, '0')}`;
		if (serials.has(serial)) continue;
		serials.add(serial);
		unitValues.push({
			productId: product.id,
			serial,
			serialNorm: normalizeSerial(serial),
			saleDate: fromJalali(jy, jm, jd),
			ownerId: rand() < 0.85 ? pick(customerRows).id : null
		});
	}
	await tx.insert(units).values(unitValues);

	// The official holidays of 1405 that fall on fixed solar dates, for every branch.
	const nationwide = await tx
		.select({ id: branchHolidays.id })
		.from(branchHolidays)
		.where(isNull(branchHolidays.branchId))
		.limit(1);
	if (!nationwide.length) {
		const holidays: [number, number, string][] = [
			[1, 1, 'نوروز'],
			[1, 2, 'نوروز'],
			[1, 3, 'نوروز'],
			[1, 4, 'نوروز'],
			[1, 12, 'روز جمهوری اسلامی'],
			[1, 13, 'روز طبیعت (سیزده‌به‌در)'],
			[3, 14, 'رحلت امام خمینی'],
			[3, 15, 'قیام ۱۵ خرداد'],
			[11, 22, 'پیروزی انقلاب اسلامی'],
			[12, 29, 'ملی شدن صنعت نفت']
		];
		await tx.insert(branchHolidays).values(
			holidays.map(([jm, jd, title]) => ({
				branchId: null,
				date: jalaliToIsoDay({ jy: 1405, jm, jd }),
				title
			}))
		);
	}
	return {
		products: PRODUCTS.length,
		parts: partValues.length,
		customers: customerRows.length,
		units: unitValues.length
	};
}
