import { sql } from 'drizzle-orm';
import {
	bigint,
	index,
	integer,
	jsonb,
	numeric,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from './auth';

export const PAYROLL_MONTH_STATUSES = ['open', 'locked'] as const;

/** The performance → payroll rule in force; the newest row applies. */
export const payrollRules = pgTable('payroll_rule', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	targetScore: integer('target_score').notNull(),
	bonusPerPointRials: bigint('bonus_per_point_rials', { mode: 'bigint' }).notNull(),
	deductionPerPointRials: bigint('deduction_per_point_rials', { mode: 'bigint' }).notNull(),
	slaWeightBp: integer('sla_weight_bp').notNull(),
	createdBy: integer('created_by').references(() => users.id),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** One Jalali month of technician performance (`1405-03`); locked months never change. */
export const payrollMonths = pgTable('payroll_month', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	month: text('month').notNull().unique(),
	status: text('status', { enum: PAYROLL_MONTH_STATUSES }).notNull().default('open'),
	/** The rule the lines were computed with, kept so a later rule change cannot rewrite them. */
	rule: jsonb('rule')
		.$type<Record<string, string | number>>()
		.notNull()
		.default(sql`'{}'::jsonb`),
	computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
	lockedBy: integer('locked_by').references(() => users.id),
	lockedAt: timestamp('locked_at', { withTimezone: true })
});

/** A technician's figures and payroll adjustment for a month. */
export const payrollLines = pgTable(
	'payroll_line',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		monthId: integer('month_id')
			.notNull()
			.references(() => payrollMonths.id, { onDelete: 'cascade' }),
		technicianId: integer('technician_id')
			.notNull()
			.references(() => users.id),
		personnelNo: text('personnel_no').notNull().default(''),
		name: text('name').notNull(),
		reviews: integer('reviews').notNull(),
		averageQcScore: numeric('average_qc_score', { precision: 5, scale: 2, mode: 'number' }),
		ordersClosed: integer('orders_closed').notNull(),
		ordersOnTime: integer('orders_on_time').notNull(),
		performance: integer('performance'),
		amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull()
	},
	(t) => [
		uniqueIndex('payroll_line_month_tech_uq').on(t.monthId, t.technicianId),
		index('payroll_line_technician_idx').on(t.technicianId)
	]
);

export type PayrollMonth = typeof payrollMonths.$inferSelect;
export type PayrollLine = typeof payrollLines.$inferSelect;
