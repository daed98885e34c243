import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
	weeklyHours: jsonb('weekly_hours').$type<WeeklyHours>().notNull().default(sql`'{}'::jsonb`),
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

export type Branch = typeof branches.$inferSelect;
export type Agency = typeof agencies.$inferSelect;
export type Counter = typeof counters.$inferSelect;
