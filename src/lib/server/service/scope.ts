import { and, eq, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/access';
import type { Executor } from '../db';
import { agencyCustomers, serviceRequests, type ServiceRequest } from '../db/schema';
import { notFound } from '../http/errors';

/** Whether the actor works for an external agency (and so sees only what that agency sent in). */
export function isAgencyActor(actor: Pick<Actor, 'user'>): boolean {
	return actor.user.agencyId !== null;
}

/** Whether a request lies inside the actor's branch and agency scope. */
export function canSeeRequest(
	actor: Pick<Actor, 'user'>,
	request: Pick<ServiceRequest, 'branchId' | 'agencyId'>
): boolean {
	if (actor.user.branchId !== null && request.branchId !== actor.user.branchId) return false;
	if (actor.user.agencyId !== null && request.agencyId !== actor.user.agencyId) return false;
	return true;
}

/** SQL condition limiting service_request rows to the actor's scope; undefined when unlimited. */
export function requestScope(actor: Pick<Actor, 'user'>): SQL | undefined {
	const conditions: SQL[] = [];
	if (actor.user.branchId !== null)
		conditions.push(eq(serviceRequests.branchId, actor.user.branchId));
	if (actor.user.agencyId !== null)
		conditions.push(eq(serviceRequests.agencyId, actor.user.agencyId));
	return conditions.length ? and(...conditions) : undefined;
}

/** Reads a request the actor may see; 404 when it does not exist or lies outside their scope. */
export async function loadRequest(
	db: Executor,
	actor: Pick<Actor, 'user'>,
	requestId: number
): Promise<ServiceRequest> {
	const [row] = await db.select().from(serviceRequests).where(eq(serviceRequests.id, requestId));
	if (!row || !canSeeRequest(actor, row)) throw notFound();
	return row;
}

/**
 * Reads and row-locks a request for the rest of the transaction, so concurrent changes to the
 * same request queue instead of overwriting each other; 404 outside the actor's scope.
 */
export async function lockRequest(
	tx: Executor,
	actor: Pick<Actor, 'user'>,
	requestId: number
): Promise<ServiceRequest> {
	const [row] = await tx
		.select()
		.from(serviceRequests)
		.where(eq(serviceRequests.id, requestId))
		.for('update');
	if (!row || !canSeeRequest(actor, row)) throw notFound();
	return row;
}

/** Whether a customer is one of an agency's own: registered through its portal or on its requests. */
export async function isAgencyCustomer(
	tx: Executor,
	agencyId: number,
	customerId: number
): Promise<boolean> {
	const [linked] = await tx
		.select({ id: agencyCustomers.customerId })
		.from(agencyCustomers)
		.where(and(eq(agencyCustomers.agencyId, agencyId), eq(agencyCustomers.customerId, customerId)))
		.limit(1);
	if (linked) return true;
	const [sent] = await tx
		.select({ id: serviceRequests.id })
		.from(serviceRequests)
		.where(and(eq(serviceRequests.agencyId, agencyId), eq(serviceRequests.customerId, customerId)))
		.limit(1);
	return Boolean(sent);
}
