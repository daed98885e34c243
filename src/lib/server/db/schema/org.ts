import { sql } from 'drizzle-orm';
import {
	boolean,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

/** Weekly opening hours: weekday (0 = Saturday … 6 = Friday) → [startMinute, endMinute) intervals. */
export type WeeklyHours = Record<string, [number, number][]>;

export const branches = pgTable('branch', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	code: text('code').notNull().unique(),
	nameFa: text('name_fa').notNull(),
	nameEn: text('name_en').notNull(),
	city: text('city').notNull().default(''),
	address: text('address').notNull().default(''),
	phone: text('phone').notNull().default(''),
	weeklyHours: jsonb('weekly_hours')
		.$type<WeeklyHours>()
		.notNull()
		.default(sql`'{}'::jsonb`),
	active: boolean('active').notNull().default(true),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const agencies = pgTable('agency', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	code: text('code').notNull().unique(),
	name: text('name').notNull(),
	branchId: integer('branch_id')
		.notNull()
		.references(() => branches.id),
	city: text('city').notNull().default(''),
	mobile: text('mobile').notNull().default(''),
	active: boolean('active').notNull().default(true),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const counters = pgTable(
	'counter',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id')
			.notNull()
			.references(() => branches.id),
		code: text('code').notNull(),
		name: text('name').notNull(),
		active: boolean('active').notNull().default(true)
	},
	(t) => [uniqueIndex('counter_branch_code_uq').on(t.branchId, t.code)]
);

/**
 * A day a branch is closed, on top of its weekly hours. A null branch means every branch
 * (official holidays), so national days are entered once.
 */
export const branchHolidays = pgTable(
	'branch_holiday',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		branchId: integer('branch_id').references(() => branches.id, { onDelete: 'cascade' }),
		/** The Gregorian calendar day (Tehran); shown and typed as a Jalali date. */
		date: date('date', { mode: 'string' }).notNull(),
		title: text('title').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('branch_holiday_branch_date_uq').on(t.branchId, t.date),
		uniqueIndex('branch_holiday_all_date_uq')
			.on(t.date)
			.where(sql`${t.branchId} is null`),
		index('branch_holiday_date_idx').on(t.date)
	]
);

export type Branch = typeof branches.$inferSelect;
export type Agency = typeof agencies.$inferSelect;
export type Counter = typeof counters.$inferSelect;
export type BranchHoliday = typeof branchHolidays.$inferSelect;
