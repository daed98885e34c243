import { eq } from 'drizzle-orm';
import {
	canTransition,
	permittedMoves,
	type MoveName,
	type StatusKey,
	type TransitionResult
} from '#lib/domain/lifecycle';
import type { Actor } from '../auth/access';
import { staleError } from '../admin/audit';
import type { Tx } from '../db';
import { serviceRequests, type ServiceRequest } from '../db/schema';
import { AppError } from '../http/errors';
import { recordServiceChange } from './record';
import { lockRequest } from './scope';

export interface TransitionOptions {
	/** Why; required by the lifecycle for cancel and QC rejection. */
	reason?: string | null;
	/** The version the user saw; a different current version is refused as stale. */
	version?: number;
	now?: Date;
	/** The row when the caller already locked it in this transaction (saves a query). */
	locked?: ServiceRequest;
	/** Extra event fields (e.g. technicianId) for consumers of `service_request.status_changed`. */
	payload?: Record<string, unknown>;
}

/**
 * The error for a refused move: 409 with the statuses these grants could move to instead, 403
 * without the move's permission, 422 on `reason` when the move needs one.
 */
export function transitionError(
	verdict: Extract<TransitionResult, { ok: false }>,
	from: StatusKey,
	to: StatusKey
): AppError {
	const details = { from, to, allowed: verdict.allowed };
	if (verdict.reason === 'missing_permission') {
		return new AppError(403, 'forbidden', 'error.forbidden', undefined, undefined, details);
	}
	if (verdict.reason === 'reason_required') {
		return new AppError(
			422,
			'validation_failed',
			'error.validation',
			undefined,
			{ reason: { key: 'validation.required' } },
			details
		);
	}
	return new AppError(
		409,
		'transition_forbidden',
		'service.error.transitionForbidden',
		undefined,
		undefined,
		details
	);
}

/**
 * Refuses a step (one that keeps the status, like declaring an estimate) unless the request is in
 * one of `statuses`; the 409 lists the moves the actor could make instead.
 */
export function assertStatus(
	actor: Actor,
	request: ServiceRequest,
	statuses: readonly StatusKey[]
): void {
	if (statuses.includes(request.status)) return;
	throw new AppError(
		409,
		'transition_forbidden',
		'service.error.transitionForbidden',
		undefined,
		undefined,
		{
			from: request.status,
			allowed: permittedMoves(request.status, actor.grants).map((m) => m.to)
		}
	);
}

/** 409 for an edit based on an old version of a request, naming who changed it and when. */
export async function staleRequestError(
	tx: Tx,
	actor: Actor,
	request: ServiceRequest
): Promise<AppError> {
	return staleError(tx, actor, 'service_request', request.id, request.updatedAt);
}

/** Refuses a request whose current version differs from the one the user saw. */
export async function assertRequestVersion(
	tx: Tx,
	actor: Actor,
	request: ServiceRequest,
	version: number | undefined
): Promise<void> {
	if (version !== undefined && version !== request.version)
		throw await staleRequestError(tx, actor, request);
}

/**
 * The one way a request changes status: asks the lifecycle table whether these grants may make
 * the move (409 with the allowed targets when not, 403 without the permission, 422 without a
 * required reason), checks the version, then writes status, history and the
 * `service_request.status_changed` event in the caller's transaction.
 */
export async function transitionRequest(
	tx: Tx,
	actor: Actor,
	requestId: number,
	to: StatusKey,
	options: TransitionOptions = {}
): Promise<ServiceRequest & { move: MoveName }> {
	const current = options.locked ?? (await lockRequest(tx, actor, requestId));
	await assertRequestVersion(tx, actor, current, options.version);
	const reason = options.reason?.trim() || null;
	const verdict = canTransition(current.status, to, actor.grants, { reason });
	if (!verdict.ok) throw transitionError(verdict, current.status, to);
	const now = options.now ?? new Date();
	const [updated] = await tx
		.update(serviceRequests)
		.set({ status: to, statusChangedAt: now, updatedAt: now, version: current.version + 1 })
		.where(eq(serviceRequests.id, current.id))
		.returning();
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'service_request',
		entityId: current.id,
		action: 'status_changed',
		branchId: current.branchId,
		changes: { from: current.status, to, move: verdict.move.name, ...(reason ? { reason } : {}) },
		payload: {
			requestId: current.id,
			formNumber: current.formNumber,
			agencyId: current.agencyId,
			version: updated!.version,
			...options.payload
		}
	});
	return { ...updated!, move: verdict.move.name };
}
