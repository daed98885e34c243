/**
 * The service-request lifecycle: the one authority on which status moves are allowed and who may
 * make them. Services call `canTransition` before writing; nothing else decides.
 *
 * Reassigning a service order to another technician is deliberately NOT a move here: the request
 * stays in its status (awaiting_cost, awaiting_repair or returned_from_qc) and only the order
 * changes, guarded by orders/edit in the order service.
 */
import { hasPermission, type GrantedLevels, type Permission } from './permissions';

/** Every status a service request can be in, in the order they are usually reached. */
export const STATUSES = [
	'draft',
	'awaiting_assignment',
	'awaiting_cost',
	'no_cost_declared',
	'cost_approved',
	'cost_rejected',
	'awaiting_repair',
	'awaiting_qc',
	'returned_from_qc',
	'awaiting_sorting',
	'ready_for_delivery',
	'delivered',
	'replaced',
	'cancelled'
] as const;

/** Status of a service request. */
export type StatusKey = (typeof STATUSES)[number];

/** Statuses a request never leaves. */
export const FINAL_STATUSES: readonly StatusKey[] = ['delivered', 'replaced', 'cancelled'];

/** Name of a move; several rows can share one (qc_approve, mark_ready, start_repair, log_work …). */
export type MoveName =
	| 'submit'
	| 'issue_order'
	| 'declare_no_cost'
	| 'approve_cost'
	| 'reject_cost'
	| 'start_repair'
	| 'log_work'
	| 'qc_approve'
	| 'qc_reject'
	| 'sort'
	| 'mark_ready'
	| 'deliver'
	| 'replace'
	| 'cancel';

/** One allowed edge of the lifecycle with the permission it needs. */
export interface Move {
	name: MoveName;
	from: StatusKey;
	to: StatusKey;
	permission: Permission;
}

const REQUESTS_EDIT: Permission = { area: 'requests', level: 'edit' };
const REQUESTS_MANAGE: Permission = { area: 'requests', level: 'manage' };
const ORDERS_EDIT: Permission = { area: 'orders', level: 'edit' };
const WORKLOGS_EDIT: Permission = { area: 'worklogs', level: 'edit' };
const QC_EDIT: Permission = { area: 'qc', level: 'edit' };

/** Statuses from which a supervisor may swap the unit for a new one (diagnosis onwards). */
const REPLACEABLE_FROM: readonly StatusKey[] = [
	'awaiting_cost',
	'no_cost_declared',
	'cost_approved',
	'awaiting_repair',
	'awaiting_qc',
	'returned_from_qc',
	'awaiting_sorting',
	'ready_for_delivery'
];

// Moves that must carry a reason: a cancellation is audited, and a QC rejection is what the
// technician reworks against. Other moves may carry a note but do not need one.
const MOVES_REQUIRING_REASON: ReadonlySet<MoveName> = new Set(['cancel', 'qc_reject']);

/** The whole transition table, one row per (from, to) pair. */
export const MOVES: readonly Move[] = [
	{ name: 'submit', from: 'draft', to: 'awaiting_assignment', permission: REQUESTS_EDIT },
	{
		name: 'issue_order',
		from: 'awaiting_assignment',
		to: 'awaiting_cost',
		permission: ORDERS_EDIT
	},
	{
		name: 'declare_no_cost',
		from: 'awaiting_cost',
		to: 'no_cost_declared',
		permission: WORKLOGS_EDIT
	},
	{ name: 'approve_cost', from: 'awaiting_cost', to: 'cost_approved', permission: REQUESTS_EDIT },
	{ name: 'reject_cost', from: 'awaiting_cost', to: 'cost_rejected', permission: REQUESTS_EDIT },
	{
		name: 'start_repair',
		from: 'no_cost_declared',
		to: 'awaiting_repair',
		permission: WORKLOGS_EDIT
	},
	{ name: 'start_repair', from: 'cost_approved', to: 'awaiting_repair', permission: WORKLOGS_EDIT },
	// a rejected estimate sends the unit back unrepaired, through sorting for bulk lists
	{ name: 'sort', from: 'cost_rejected', to: 'awaiting_sorting', permission: REQUESTS_EDIT },
	{
		name: 'mark_ready',
		from: 'cost_rejected',
		to: 'ready_for_delivery',
		permission: REQUESTS_EDIT
	},
	{ name: 'log_work', from: 'awaiting_repair', to: 'awaiting_qc', permission: WORKLOGS_EDIT },
	{ name: 'qc_approve', from: 'awaiting_qc', to: 'awaiting_sorting', permission: QC_EDIT },
	{ name: 'qc_approve', from: 'awaiting_qc', to: 'ready_for_delivery', permission: QC_EDIT },
	{ name: 'qc_reject', from: 'awaiting_qc', to: 'returned_from_qc', permission: QC_EDIT },
	{ name: 'log_work', from: 'returned_from_qc', to: 'awaiting_qc', permission: WORKLOGS_EDIT },
	{
		name: 'mark_ready',
		from: 'awaiting_sorting',
		to: 'ready_for_delivery',
		permission: REQUESTS_EDIT
	},
	{ name: 'deliver', from: 'ready_for_delivery', to: 'delivered', permission: REQUESTS_EDIT },
	...REPLACEABLE_FROM.map((from): Move => ({
		name: 'replace',
		from,
		to: 'replaced',
		permission: REQUESTS_MANAGE
	})),
	...STATUSES.filter((s) => !FINAL_STATUSES.includes(s)).map((from): Move => ({
		name: 'cancel',
		from,
		to: 'cancelled',
		permission: REQUESTS_MANAGE
	}))
];

/** Tells whether a status is final (the request is closed). */
export function isFinal(status: StatusKey): boolean {
	return FINAL_STATUSES.includes(status);
}

/** Tells whether a string is a known status key (for input from forms, API and the database). */
export function isStatusKey(value: string): value is StatusKey {
	return (STATUSES as readonly string[]).includes(value);
}

/** All moves out of a status, regardless of who asks. */
export function allowedMoves(from: StatusKey): Move[] {
	return MOVES.filter((move) => move.from === from);
}

/** Moves out of a status that these grants permit: what the UI offers as buttons. */
export function permittedMoves(from: StatusKey, grants: GrantedLevels): Move[] {
	return allowedMoves(from).filter((move) => hasPermission(grants, move.permission));
}

/** Tells whether a move must be accompanied by a non-blank reason. */
export function requiresReason(move: Move | MoveName): boolean {
	return MOVES_REQUIRING_REASON.has(typeof move === 'string' ? move : move.name);
}

/** Why a move was refused; `allowed` lists the statuses these grants could move to instead. */
export type TransitionResult =
	| { ok: true; move: Move }
	| {
			ok: false;
			reason: 'forbidden_move' | 'missing_permission' | 'reason_required';
			allowed: StatusKey[];
	  };

/** Decides whether an actor with `grants` may move a request from `from` to `to`. */
export function canTransition(
	from: StatusKey,
	to: StatusKey,
	grants: GrantedLevels,
	options: { reason?: string | null } = {}
): TransitionResult {
	const allowed = permittedMoves(from, grants).map((m) => m.to);
	const move = MOVES.find((m) => m.from === from && m.to === to);
	if (!move) return { ok: false, reason: 'forbidden_move', allowed };
	if (!hasPermission(grants, move.permission))
		return { ok: false, reason: 'missing_permission', allowed };
	if (requiresReason(move) && !options.reason?.trim())
		return { ok: false, reason: 'reason_required', allowed };
	return { ok: true, move };
}

/**
 * Where QC approval sends a request: units of a bulk list, or flagged for sorting, wait to be
 * sorted back to their senders; everything else is ready to hand over.
 */
export function qcApprovalTarget(request: {
	inBulkList: boolean;
	needsSorting: boolean;
}): StatusKey {
	return request.inBulkList || request.needsSorting ? 'awaiting_sorting' : 'ready_for_delivery';
}
