import { describe, expect, it } from 'vitest';
import { BoardSync, applyEvent, classify, fromSnapshot } from './board-sync';
import type { BoardRequest, BoardSnapshot, DomainEventMessage } from './contract';

function request(id: number, status: string, extra: Partial<BoardRequest> = {}): BoardRequest {
	return {
		id,
		formNumber: `THR-1405-${String(id).padStart(6, '0')}`,
		branchId: 1,
		status,
		version: 1,
		createdAt: '2026-04-04T06:00:00.000Z',
		statusChangedAt: '2026-04-04T06:00:00.000Z',
		product: { fa: 'یخچال', en: 'Fridge' },
		orderId: null,
		technicianId: null,
		technicianName: null,
		dueAt: null,
		priority: null,
		...extra
	};
}

function snapshot(seq: number, requests: BoardRequest[] = []): BoardSnapshot {
	return {
		seq,
		scope: 1,
		takenAt: '2026-04-04T06:00:00.000Z',
		branches: [],
		counters: [],
		technicians: [],
		requests,
		recent: []
	};
}

function event(
	seq: number,
	prevBranch: number,
	row: BoardRequest | null = null,
	branchId = 1
): DomainEventMessage {
	return {
		seq,
		type: 'service_request.status_changed',
		aggregateType: 'service_request',
		aggregateId: String(row?.id ?? 1),
		branchId,
		payload: { to: row?.status ?? 'draft', formNumber: row?.formNumber },
		at: '2026-04-04T07:00:00.000Z',
		prev: { all: seq - 1, branch: prevBranch },
		request: row
	};
}

describe('classify', () => {
	it('applies the next event of the stream, even when other branches’ events came between', () => {
		expect(classify(10, 1, event(14, 10))).toBe('apply');
	});
	it('calls an event whose predecessor was never applied a gap', () => {
		expect(classify(10, 1, event(14, 12))).toBe('gap');
	});
	it('drops what the snapshot or an earlier delivery already had', () => {
		expect(classify(14, 1, event(14, 10))).toBe('duplicate');
		expect(classify(20, 1, event(14, 10))).toBe('duplicate');
	});
	it('ignores another branch’s event on a branch board, and follows the global chain on `all`', () => {
		expect(classify(10, 1, event(11, 0, null, 2))).toBe('foreign');
		expect(classify(10, 'all', { ...event(11, 0, null, 2), prev: { all: 10, branch: 3 } })).toBe(
			'apply'
		);
		expect(classify(10, 'all', { ...event(12, 0, null, 2), prev: { all: 11, branch: 3 } })).toBe(
			'gap'
		);
	});
});

describe('applyEvent', () => {
	it('replaces the request with the committed row the event carries and adds a ticker line', () => {
		const data = fromSnapshot(snapshot(5, [request(1, 'awaiting_assignment')]));
		const next = applyEvent(
			data,
			event(6, 5, request(1, 'awaiting_cost', { technicianId: 7, technicianName: 'رضا' }))
		);
		expect(next.seq).toBe(6);
		expect(next.requests.get(1)?.status).toBe('awaiting_cost');
		expect(next.technicians).toEqual([{ id: 7, name: 'رضا', branchId: 1 }]);
		expect(next.ticker[0]).toMatchObject({ seq: 6, status: 'awaiting_cost', requestId: 1 });
		// The previous state object is left as it was (the UI compares by reference).
		expect(data.requests.get(1)?.status).toBe('awaiting_assignment');
	});
});

describe('BoardSync', () => {
	it('holds events that arrive during a snapshot and replays only those after it', async () => {
		let release!: (s: BoardSnapshot) => void;
		const sync = new BoardSync(1, () => new Promise((resolve) => (release = resolve)));
		const pending = sync.resync();
		expect(sync.receive(event(5, 4, request(1, 'awaiting_cost')))).toBe('held');
		expect(sync.receive(event(7, 5, request(2, 'awaiting_assignment')))).toBe('held');
		release(snapshot(5, [request(1, 'awaiting_cost')]));
		await pending;
		expect(sync.data?.seq).toBe(7);
		expect(sync.stats).toMatchObject({ snapshots: 1, applied: 1, duplicates: 1, gaps: 0 });
		expect([...sync.data!.requests.keys()].sort()).toEqual([1, 2]);
	});

	it('re-snapshots on a gap and ends with the server’s state', async () => {
		const truth = [request(1, 'awaiting_qc'), request(2, 'awaiting_assignment')];
		let calls = 0;
		const sync = new BoardSync(1, () =>
			Promise.resolve(
				++calls === 1 ? snapshot(5, [request(1, 'awaiting_cost')]) : snapshot(9, truth)
			)
		);
		await sync.resync();
		expect(sync.receive(event(9, 8, truth[1]!))).toBe('gap');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(sync.stats.snapshots).toBe(2);
		expect(sync.data?.seq).toBe(9);
		expect(sync.data?.requests.get(1)?.status).toBe('awaiting_qc');
	});
});
