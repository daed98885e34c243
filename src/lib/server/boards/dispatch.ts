/**
 * The dispatch console: unassigned requests beside the technicians who could take them, and
 * the one write it makes, issuing a service order through the service path's issueOrder.
 */
import { eq, inArray } from 'drizzle-orm';
import { requirePermission, type Actor } from '../auth/access';
import { listActiveDefinitions } from '../catalog/definitions';
import { getDb } from '../db';
import { serviceOrders, services, type ServiceOrder } from '../db/schema';
import { AppError } from '../http/errors';
import { issueOrder } from '../service/orders';

export interface DispatchOption {
	id: number;
	nameFa: string;
	nameEn: string;
}

/** Services each technician has done, by technician id, as their skills. */
export async function loadSkills(
	technicianIds: number[]
): Promise<Record<number, DispatchOption[]>> {
	if (technicianIds.length === 0) return {};
	const db = await getDb();
	const rows = await db
		.selectDistinct({
			technicianId: serviceOrders.technicianId,
			id: services.id,
			nameFa: services.nameFa,
			nameEn: services.nameEn
		})
		.from(serviceOrders)
		.innerJoin(services, eq(services.id, serviceOrders.serviceId))
		.where(inArray(serviceOrders.technicianId, [...new Set(technicianIds)]))
		.orderBy(services.nameFa);
	const out: Record<number, DispatchOption[]> = {};
	for (const row of rows)
		(out[row.technicianId] ??= []).push({ id: row.id, nameFa: row.nameFa, nameEn: row.nameEn });
	return out;
}

/** Priorities and services a dispatcher picks from. */
export async function loadDispatchOptions(): Promise<{
	priorities: DispatchOption[];
	services: DispatchOption[];
}> {
	const [priorities, serviceRows] = await Promise.all([
		listActiveDefinitions('priority'),
		listActiveDefinitions('service')
	]);
	const pick = (d: { id: number; nameFa: string; nameEn: string }) => ({
		id: d.id,
		nameFa: d.nameFa,
		nameEn: d.nameEn
	});
	return { priorities: priorities.map(pick), services: serviceRows.map(pick) };
}

/** Codes with which issueOrder refuses because the request moved on since the dispatcher saw it. */
const ALREADY_TAKEN = new Set(['order_exists', 'transition_forbidden', 'stale']);

/**
 * Issues the order. When another dispatcher got there first (the request is locked and checked
 * by issueOrder, so only one order is ever made), the loser gets one clear message instead of
 * whichever check happened to notice.
 */
export async function assignRequest(actor: Actor, raw: unknown): Promise<ServiceOrder> {
	requirePermission(actor, 'orders', 'edit');
	try {
		return await issueOrder(actor, raw);
	} catch (error) {
		if (error instanceof AppError && error.status === 409 && ALREADY_TAKEN.has(error.code)) {
			throw new AppError(
				409,
				'already_assigned',
				'dispatch.taken',
				undefined,
				undefined,
				error.details
			);
		}
		throw error;
	}
}
