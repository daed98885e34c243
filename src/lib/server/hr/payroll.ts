import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { fromJalali } from '#lib/domain/jalali';
import {
	DEFAULT_PAYROLL_RULE,
	parseJalaliMonth,
	payrollAdjustment,
	performanceFigure,
	type PayrollRule
} from '#lib/domain/payroll';
import type { Actor } from '../auth/access';
import { can, requirePermission } from '../auth/access';
import { getDb, type Executor } from '../db';
import {
	payrollLines,
	payrollMonths,
	payrollRules,
	qcReviews,
	serviceOrders,
	users,
	workLogs,
	type PayrollLine,
	type PayrollMonth
} from '../db/schema';
import { recordLedgerChange } from '../stock/events';
import { z } from 'zod';
import { parseRials } from '#lib/domain/money';
import { normalizeDigits } from '#lib/domain/text';
import { AppError, parseOrThrow } from '../http/errors';
import { conflict, fieldError } from '../service/errors';

export type PayrollMonthWithLines = PayrollMonth & { lines: PayrollLine[] };

function monthRange(month: string): { from: Date; to: Date } {
	const parsed = parseJalaliMonth(month);
	if (!parsed) throw fieldError('month', 'validation.invalid');
	const next =
		parsed.jm === 12 ? { jy: parsed.jy + 1, jm: 1 } : { jy: parsed.jy, jm: parsed.jm + 1 };
	return { from: fromJalali(parsed.jy, parsed.jm, 1), to: fromJalali(next.jy, next.jm, 1) };
}

/** The rule in force: the newest saved one, else the default. */
export async function currentRule(tx: Executor): Promise<PayrollRule> {
	const [row] = await tx.select().from(payrollRules).orderBy(desc(payrollRules.id)).limit(1);
	return row ?? DEFAULT_PAYROLL_RULE;
}

/** (Re)computes an open month's lines from QC scores and SLA outcomes; a locked month is refused. */
export async function computePayrollMonth(
	actor: Actor,
	month: string
): Promise<PayrollMonthWithLines> {
	requirePermission(actor, 'reports', 'edit');
	const db = await getDb();
	await db.transaction((tx) => computePayrollMonthInTx(tx, month));
	return getPayrollMonth(actor, month);
}

/** Recomputes an open month's lines in the caller's transaction (the demo loader's entry point). */
export async function computePayrollMonthInTx(
	tx: Executor,
	month: string,
	now: Date = new Date()
): Promise<void> {
	const { from, to } = monthRange(month);
	const rule = await currentRule(tx);
	const [existing] = await tx
		.select()
		.from(payrollMonths)
		.where(eq(payrollMonths.month, month))
		.for('update');
	if (existing?.status === 'locked') throw conflict('payroll_locked', 'hr.error.locked');
	const ruleJson = {
		targetScore: rule.targetScore,
		bonusPerPointRials: rule.bonusPerPointRials.toString(),
		deductionPerPointRials: rule.deductionPerPointRials.toString(),
		slaWeightBp: rule.slaWeightBp
	};
	const [row] = existing
		? await tx
				.update(payrollMonths)
				.set({ rule: ruleJson, computedAt: now })
				.where(eq(payrollMonths.id, existing.id))
				.returning()
		: await tx.insert(payrollMonths).values({ month, rule: ruleJson, computedAt: now }).returning();
	const scores = await tx
		.select({
			technicianId: workLogs.technicianId,
			reviews: sql<number>`count(*)::int`,
			average: sql<string>`avg(${qcReviews.score})::text`
		})
		.from(qcReviews)
		.innerJoin(workLogs, eq(workLogs.id, qcReviews.workLogId))
		.where(and(gte(qcReviews.createdAt, from), lt(qcReviews.createdAt, to)))
		.groupBy(workLogs.technicianId);
	const sla = await tx
		.select({
			technicianId: serviceOrders.technicianId,
			closed: sql<number>`count(*)::int`,
			onTime: sql<number>`count(*) filter (where ${serviceOrders.closedAt} <= ${serviceOrders.dueAt})::int`
		})
		.from(serviceOrders)
		.where(
			and(
				eq(serviceOrders.status, 'done'),
				gte(serviceOrders.closedAt, from),
				lt(serviceOrders.closedAt, to)
			)
		)
		.groupBy(serviceOrders.technicianId);
	const ids = [
		...new Set([...scores.map((s) => s.technicianId), ...sla.map((s) => s.technicianId)])
	];
	await tx.delete(payrollLines).where(eq(payrollLines.monthId, row!.id));
	if (!ids.length) return;
	const people = await tx.select().from(users).where(inArray(users.id, ids));
	await tx.insert(payrollLines).values(
		ids.map((id) => {
			const s = scores.find((x) => x.technicianId === id);
			const o = sla.find((x) => x.technicianId === id);
			const person = people.find((p) => p.id === id)!;
			const averageQcScore = s ? Math.round(Number(s.average) * 100) / 100 : null;
			const figure = performanceFigure(
				{ averageQcScore, ordersClosed: o?.closed ?? 0, ordersOnTime: o?.onTime ?? 0 },
				rule
			);
			return {
				monthId: row!.id,
				technicianId: id,
				personnelNo: person.personnelNo ?? '',
				name: person.displayName,
				reviews: s?.reviews ?? 0,
				averageQcScore,
				ordersClosed: o?.closed ?? 0,
				ordersOnTime: o?.onTime ?? 0,
				performance: figure,
				amountRials: payrollAdjustment(figure, rule)
			};
		})
	);
}

/** A month with its lines (technicians without `reports` see only their own line). */
export async function getPayrollMonth(actor: Actor, month: string): Promise<PayrollMonthWithLines> {
	const own = !can(actor, 'reports', 'view');
	if (own) requirePermission(actor, 'worklogs', 'edit');
	monthRange(month);
	const db = await getDb();
	const [row] = await db.select().from(payrollMonths).where(eq(payrollMonths.month, month));
	if (!row) throw new AppError(404, 'not_found', 'error.notFound');
	const lines = await db
		.select()
		.from(payrollLines)
		.where(
			own
				? and(eq(payrollLines.monthId, row.id), eq(payrollLines.technicianId, actor.user.id))
				: eq(payrollLines.monthId, row.id)
		)
		.orderBy(asc(payrollLines.name));
	return { ...row, lines };
}

/** A supervisor locks the reviewed month: its lines are final and offered to the payroll system. */
export async function lockPayrollMonth(
	actor: Actor,
	month: string
): Promise<PayrollMonthWithLines> {
	requirePermission(actor, 'reports', 'manage');
	const db = await getDb();
	await db.transaction((tx) => lockPayrollMonthInTx(tx, actor.user.id, month));
	return getPayrollMonth(actor, month);
}

/** Locks a computed month in the caller's transaction, with its outbox event for the payroll system. */
export async function lockPayrollMonthInTx(
	tx: Executor,
	actorId: number,
	month: string,
	now: Date = new Date()
): Promise<void> {
	const [row] = await tx
		.select()
		.from(payrollMonths)
		.where(eq(payrollMonths.month, month))
		.for('update');
	if (!row) throw new AppError(404, 'not_found', 'error.notFound');
	if (row.status === 'locked') throw conflict('payroll_locked', 'hr.error.locked');
	await tx
		.update(payrollMonths)
		.set({ status: 'locked', lockedBy: actorId, lockedAt: now })
		.where(eq(payrollMonths.id, row.id));
	const lines = await tx.select().from(payrollLines).where(eq(payrollLines.monthId, row.id));
	await recordLedgerChange(tx, {
		entityType: 'payroll_month',
		entityId: row.id,
		action: 'locked',
		type: 'payroll_month.locked',
		actorId,
		branchId: null,
		changes: {
			month,
			lines: lines.map((l) => ({
				personnelNo: l.personnelNo,
				name: l.name,
				performance: l.performance,
				amountRials: l.amountRials.toString()
			}))
		}
	});
}

function csvCell(value: string | number | null): string {
	const text = value === null ? '' : String(value);
	return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The locked month as CSV for the payroll system: personnel number, name, score, amount (Rials). */
export async function exportPayrollCsv(actor: Actor, month: string): Promise<string> {
	requirePermission(actor, 'reports', 'view');
	const data = await getPayrollMonth(actor, month);
	if (data.status !== 'locked') throw conflict('payroll_not_locked', 'hr.error.notLocked');
	const rows = [
		['personnel_no', 'name', 'score', 'amount_rials'],
		...data.lines.map((l) => [l.personnelNo, l.name, l.performance, l.amountRials.toString()])
	];
	return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** The locked month as an XLSX workbook (same columns as the CSV). */
export async function exportPayrollXlsx(actor: Actor, month: string): Promise<Buffer> {
	const csv = await exportPayrollCsv(actor, month);
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet(month);
	const data = await getPayrollMonth(actor, month);
	sheet.addRow(csv.split('\n')[0]!.split(','));
	for (const l of data.lines)
		sheet.addRow([l.personnelNo, l.name, l.performance, Number(l.amountRials)]);
	return Buffer.from(await book.xlsx.writeBuffer());
}

/** Months computed so far, newest first, with their status and line count. */
export async function listPayrollMonths(actor: Actor) {
	requirePermission(actor, 'reports', 'view');
	const db = await getDb();
	return db
		.select({
			month: payrollMonths.month,
			status: payrollMonths.status,
			computedAt: payrollMonths.computedAt,
			lockedAt: payrollMonths.lockedAt,
			lines: sql<number>`(select count(*)::int from payroll_line l where l.month_id = ${payrollMonths.id})`,
			totalRials: sql<string>`(select coalesce(sum(l.amount_rials), 0)::text from payroll_line l where l.month_id = ${payrollMonths.id})`
		})
		.from(payrollMonths)
		.orderBy(desc(payrollMonths.month));
}

/** The signed-in technician's own lines over every computed month, newest first. */
export async function myPayrollLines(actor: Actor) {
	requirePermission(actor, 'worklogs', 'view');
	const db = await getDb();
	return db
		.select({
			month: payrollMonths.month,
			status: payrollMonths.status,
			reviews: payrollLines.reviews,
			averageQcScore: payrollLines.averageQcScore,
			ordersClosed: payrollLines.ordersClosed,
			ordersOnTime: payrollLines.ordersOnTime,
			performance: payrollLines.performance,
			amountRials: payrollLines.amountRials
		})
		.from(payrollLines)
		.innerJoin(payrollMonths, eq(payrollMonths.id, payrollLines.monthId))
		.where(eq(payrollLines.technicianId, actor.user.id))
		.orderBy(desc(payrollMonths.month));
}

const wholeRials = z.union([z.string(), z.number()]).transform((v, ctx) => {
	const parsed = parseRials(String(v));
	if (parsed === null || parsed < 0n) {
		ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
		return z.NEVER;
	}
	return parsed;
});

// People type numbers in Persian digits and with the Persian decimal mark.
const digitsOf = (v: unknown) =>
	typeof v === 'string' ? normalizeDigits(v).replace('٫', '.').trim() : v;

export const payrollRuleSchema = z.object({
	targetScore: z.preprocess(digitsOf, z.coerce.number().int().min(0).max(100)),
	bonusPerPointRials: wholeRials,
	deductionPerPointRials: wholeRials,
	/** Percent of the figure that comes from on-time work (the rest from QC). */
	slaWeightPercent: z.preprocess(digitsOf, z.coerce.number().min(0).max(100))
});

/** Saves a new rule; open months take it when recomputed, locked months keep theirs. */
export async function savePayrollRule(actor: Actor, raw: unknown): Promise<PayrollRule> {
	requirePermission(actor, 'reports', 'manage');
	const input = parseOrThrow(payrollRuleSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(payrollRules)
			.values({
				targetScore: input.targetScore,
				bonusPerPointRials: input.bonusPerPointRials,
				deductionPerPointRials: input.deductionPerPointRials,
				slaWeightBp: Math.round(input.slaWeightPercent * 100),
				createdBy: actor.user.id
			})
			.returning();
		await recordLedgerChange(tx, {
			entityType: 'payroll_rule',
			entityId: row!.id,
			action: 'created',
			type: 'payroll_rule.created',
			actorId: actor.user.id,
			branchId: null,
			changes: {
				targetScore: row!.targetScore,
				bonusPerPointRials: row!.bonusPerPointRials.toString(),
				deductionPerPointRials: row!.deductionPerPointRials.toString(),
				slaWeightBp: row!.slaWeightBp
			}
		});
		return row!;
	});
}
