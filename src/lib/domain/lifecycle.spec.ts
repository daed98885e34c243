import { describe, it, expect } from 'vitest';
import {
	FINAL_STATUSES,
	MOVES,
	STATUSES,
	allowedMoves,
	canTransition,
	isFinal,
	isStatusKey,
	permittedMoves,
	qcApprovalTarget,
	requiresReason,
	type StatusKey
} from './lifecycle';
import {
	BUILT_IN_ROLES,
	PERMISSION_AREAS,
	ROLE_KEYS,
	type GrantedLevels,
	type RoleKey
} from './permissions';

// The expected table, written out independently of lifecycle.ts: from → to → "move:area/level".
// Any change to the lifecycle must be mirrored here on purpose.
const EXPECTED: Record<StatusKey, Partial<Record<StatusKey, string>>> = {
	draft: {
		awaiting_assignment: 'submit:requests/edit',
		cancelled: 'cancel:requests/manage'
	},
	awaiting_assignment: {
		awaiting_cost: 'issue_order:orders/edit',
		cancelled: 'cancel:requests/manage'
	},
	awaiting_cost: {
		no_cost_declared: 'declare_no_cost:worklogs/edit',
		cost_approved: 'approve_cost:requests/edit',
		cost_rejected: 'reject_cost:requests/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	no_cost_declared: {
		awaiting_repair: 'start_repair:worklogs/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	cost_approved: {
		awaiting_repair: 'start_repair:worklogs/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	cost_rejected: {
		awaiting_sorting: 'sort:requests/edit',
		ready_for_delivery: 'mark_ready:requests/edit',
		cancelled: 'cancel:requests/manage'
	},
	awaiting_repair: {
		awaiting_qc: 'log_work:worklogs/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	awaiting_qc: {
		awaiting_sorting: 'qc_approve:qc/edit',
		ready_for_delivery: 'qc_approve:qc/edit',
		returned_from_qc: 'qc_reject:qc/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	returned_from_qc: {
		awaiting_qc: 'log_work:worklogs/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	awaiting_sorting: {
		ready_for_delivery: 'mark_ready:requests/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	ready_for_delivery: {
		delivered: 'deliver:requests/edit',
		replaced: 'replace:requests/manage',
		cancelled: 'cancel:requests/manage'
	},
	delivered: {},
	replaced: {},
	cancelled: {}
};

const ALL_PAIRS = Object.entries(EXPECTED).flatMap(([from, row]) =>
	Object.keys(row).map((to) => `${from}>${to}`)
);
const CANCEL_AND_REPLACE = ALL_PAIRS.filter(
	(p) => p.endsWith('>cancelled') || p.endsWith('>replaced')
);

// What each grant set may do, as literal from>to pairs.
const DESK_MOVES = [
	'draft>awaiting_assignment',
	'awaiting_cost>cost_approved',
	'awaiting_cost>cost_rejected',
	'cost_rejected>awaiting_sorting',
	'cost_rejected>ready_for_delivery',
	'awaiting_sorting>ready_for_delivery',
	'ready_for_delivery>delivered'
];
const DISPATCH_MOVES = ['awaiting_assignment>awaiting_cost'];
const BENCH_MOVES = [
	'awaiting_cost>no_cost_declared',
	'no_cost_declared>awaiting_repair',
	'cost_approved>awaiting_repair',
	'awaiting_repair>awaiting_qc',
	'returned_from_qc>awaiting_qc'
];
const QC_MOVES = [
	'awaiting_qc>awaiting_sorting',
	'awaiting_qc>ready_for_delivery',
	'awaiting_qc>returned_from_qc'
];

const ROLE_EXPECTATIONS: Record<RoleKey, string[]> = {
	admin: ALL_PAIRS,
	supervisor: ALL_PAIRS,
	reception: DESK_MOVES,
	agent: DESK_MOVES,
	dispatcher: DISPATCH_MOVES,
	technician: BENCH_MOVES,
	qc: QC_MOVES,
	warehouse: [],
	accountant: []
};

const everywhere = (level: 'view' | 'edit' | 'manage'): GrantedLevels =>
	Object.fromEntries(PERMISSION_AREAS.map((a) => [a, level]));

const GRANT_SETS: [string, GrantedLevels, string[]][] = [
	...ROLE_KEYS.map((role): [string, GrantedLevels, string[]] => [
		`role ${role}`,
		BUILT_IN_ROLES[role],
		ROLE_EXPECTATIONS[role]
	]),
	['no grants', {}, []],
	['view everything', everywhere('view'), []],
	[
		'edit everything (no manage)',
		everywhere('edit'),
		[...DESK_MOVES, ...DISPATCH_MOVES, ...BENCH_MOVES, ...QC_MOVES]
	],
	['requests/manage only', { requests: 'manage' }, [...DESK_MOVES, ...CANCEL_AND_REPLACE]],
	['technician + qc', { worklogs: 'edit', qc: 'edit' }, [...BENCH_MOVES, ...QC_MOVES]],
	[
		'manage everything except requests',
		{ ...everywhere('manage'), requests: 'view' },
		[...DISPATCH_MOVES, ...BENCH_MOVES, ...QC_MOVES]
	]
];

describe('transition table', () => {
	it('has exactly the expected moves, names and permissions for every status', () => {
		for (const from of STATUSES) {
			const actual = Object.fromEntries(
				allowedMoves(from).map((m) => [
					m.to,
					`${m.name}:${m.permission.area}/${m.permission.level}`
				])
			);
			expect(actual, from).toEqual(EXPECTED[from]);
		}
		expect(MOVES).toHaveLength(ALL_PAIRS.length);
	});

	it('has at most one move per (from, to) pair', () => {
		const pairs = MOVES.map((m) => `${m.from}>${m.to}`);
		expect(new Set(pairs).size).toBe(pairs.length);
	});

	it('lets nothing leave a final status', () => {
		expect([...FINAL_STATUSES].sort()).toEqual(['cancelled', 'delivered', 'replaced']);
		for (const status of STATUSES) {
			expect(isFinal(status), status).toBe(['delivered', 'replaced', 'cancelled'].includes(status));
			if (isFinal(status)) expect(allowedMoves(status)).toEqual([]);
		}
	});

	it('reaches every status from draft, and can close every open request', () => {
		const reachable = new Set<StatusKey>(['draft']);
		for (let grew = true; grew;) {
			grew = false;
			for (const m of MOVES) {
				if (reachable.has(m.from) && !reachable.has(m.to)) {
					reachable.add(m.to);
					grew = true;
				}
			}
		}
		expect([...reachable].sort()).toEqual([...STATUSES].sort());
		for (const status of STATUSES) {
			expect(
				isFinal(status) || allowedMoves(status).some((m) => m.to === 'cancelled'),
				status
			).toBe(true);
		}
	});
});

describe('canTransition, exhaustively: every status × every status × every grant set', () => {
	for (const [label, grants, expectedPairs] of GRANT_SETS) {
		it(`${label}`, () => {
			const expected = new Set(expectedPairs);
			for (const from of STATUSES) {
				const expectedTargets = STATUSES.filter((to) => expected.has(`${from}>${to}`));
				for (const to of STATUSES) {
					const result = canTransition(from, to, grants, { reason: 'customer asked' });
					const pair = `${from}>${to}`;
					if (expected.has(pair)) {
						expect(result.ok, pair).toBe(true);
						if (result.ok) expect([result.move.from, result.move.to]).toEqual([from, to]);
					} else {
						expect(result.ok, pair).toBe(false);
						if (!result.ok) {
							const inTable = EXPECTED[from][to] !== undefined;
							expect(result.reason, pair).toBe(inTable ? 'missing_permission' : 'forbidden_move');
							expect([...result.allowed].sort(), pair).toEqual([...expectedTargets].sort());
						}
					}
				}
				expect(
					permittedMoves(from, grants)
						.map((m) => m.to)
						.sort(),
					from
				).toEqual([...expectedTargets].sort());
			}
		});
	}
});

describe('reasons', () => {
	const supervisor = BUILT_IN_ROLES.supervisor;

	it('refuses a cancellation without a reason', () => {
		expect(canTransition('awaiting_repair', 'cancelled', supervisor)).toMatchObject({
			ok: false,
			reason: 'reason_required'
		});
		expect(
			canTransition('awaiting_repair', 'cancelled', supervisor, { reason: '   ' })
		).toMatchObject({
			ok: false,
			reason: 'reason_required'
		});
		expect(
			canTransition('awaiting_repair', 'cancelled', supervisor, { reason: 'مشتری منصرف شد' })
		).toMatchObject({
			ok: true,
			move: { name: 'cancel' }
		});
	});

	it('refuses a QC rejection without a reason, so the technician knows what to rework', () => {
		const qc = BUILT_IN_ROLES.qc;
		expect(canTransition('awaiting_qc', 'returned_from_qc', qc)).toMatchObject({
			ok: false,
			reason: 'reason_required'
		});
		expect(canTransition('awaiting_qc', 'returned_from_qc', qc, { reason: 'صدای فن' }).ok).toBe(
			true
		);
	});

	it('does not ask a reason for ordinary moves', () => {
		expect(canTransition('draft', 'awaiting_assignment', BUILT_IN_ROLES.reception).ok).toBe(true);
		expect(canTransition('awaiting_qc', 'ready_for_delivery', BUILT_IN_ROLES.qc).ok).toBe(true);
		expect(canTransition('awaiting_cost', 'replaced', supervisor).ok).toBe(true);
	});

	it('reports a missing permission before a missing reason', () => {
		expect(canTransition('draft', 'cancelled', BUILT_IN_ROLES.reception)).toEqual({
			ok: false,
			reason: 'missing_permission',
			allowed: ['awaiting_assignment']
		});
	});

	it('lists exactly cancel and qc_reject as needing a reason', () => {
		const needing = [...new Set(MOVES.filter((m) => requiresReason(m)).map((m) => m.name))].sort();
		expect(needing).toEqual(['cancel', 'qc_reject']);
		expect(requiresReason('cancel')).toBe(true);
		expect(requiresReason('deliver')).toBe(false);
	});
});

describe('qcApprovalTarget', () => {
	it('sends bulk-list units and units flagged for sorting to sorting, the rest to delivery', () => {
		expect(qcApprovalTarget({ inBulkList: true, needsSorting: false })).toBe('awaiting_sorting');
		expect(qcApprovalTarget({ inBulkList: false, needsSorting: true })).toBe('awaiting_sorting');
		expect(qcApprovalTarget({ inBulkList: true, needsSorting: true })).toBe('awaiting_sorting');
		expect(qcApprovalTarget({ inBulkList: false, needsSorting: false })).toBe('ready_for_delivery');
	});

	it('always names a target the QC role may move to', () => {
		for (const inBulkList of [true, false]) {
			for (const needsSorting of [true, false]) {
				const to = qcApprovalTarget({ inBulkList, needsSorting });
				expect(canTransition('awaiting_qc', to, BUILT_IN_ROLES.qc)).toMatchObject({
					ok: true,
					move: { name: 'qc_approve' }
				});
			}
		}
	});
});

describe('isStatusKey', () => {
	it('accepts known keys only', () => {
		expect(isStatusKey('awaiting_qc')).toBe(true);
		expect(isStatusKey('archived')).toBe(false);
		expect(isStatusKey('')).toBe(false);
	});
});
