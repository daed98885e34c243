import { describe, expect, it } from 'vitest';
import { fromSnapshot } from './board-sync';
import { boardFigures, splitMinutes } from './board-view';
import type { BoardBranch, BoardRequest } from './contract';

// Saturday–Wednesday 08:00–16:00, Thursday 08:00–13:00, Friday closed.
const branch: BoardBranch = {
	id: 1,
	code: 'THR',
	name: { fa: 'تهران', en: 'Tehran' },
	calendar: {
		weekly: [
			[[480, 960]],
			[[480, 960]],
			[[480, 960]],
			[[480, 960]],
			[[480, 960]],
			[[480, 780]],
			[]
		],
		holidays: []
	}
};
// Sunday 2026-04-05 10:00 Tehran.
const NOW = new Date('2026-04-05T06:30:00.000Z');

function request(id: number, status: string, extra: Partial<BoardRequest> = {}): BoardRequest {
	return {
		id,
		formNumber: `F${id}`,
		branchId: 1,
		status,
		version: 1,
		createdAt: '2026-04-05T05:00:00.000Z',
		statusChangedAt: '2026-04-05T05:00:00.000Z',
		product: { fa: 'یخچال', en: 'Fridge' },
		orderId: null,
		technicianId: null,
		technicianName: null,
		dueAt: null,
		priority: null,
		...extra
	};
}

function figures(requests: BoardRequest[]) {
	return boardFigures(
		fromSnapshot({
			seq: 1,
			scope: 1,
			takenAt: NOW.toISOString(),
			branches: [branch],
			counters: [],
			technicians: [{ id: 7, name: 'رضا', branchId: 1 }],
			requests,
			recent: []
		}),
		NOW
	);
}

describe('boardFigures', () => {
	it('counts open requests by status and final ones only when closed today', () => {
		const f = figures([
			request(1, 'awaiting_assignment'),
			request(2, 'awaiting_assignment'),
			request(3, 'delivered', {
				createdAt: '2026-03-01T05:00:00.000Z',
				statusChangedAt: '2026-04-05T05:30:00.000Z'
			}),
			request(4, 'delivered', {
				createdAt: '2026-03-01T05:00:00.000Z',
				statusChangedAt: '2026-04-01T05:30:00.000Z'
			})
		]);
		expect(f.counts.awaiting_assignment).toBe(2);
		expect(f.counts.delivered).toBe(1);
		expect(f.deliveredToday).toBe(1);
		expect(f.intakeToday).toBe(2);
		expect(f.unassigned.map((e) => e.request.id)).toEqual([1, 2]);
	});

	it('measures SLA in working minutes: overnight and Friday do not count', () => {
		// Due today 10:45 is 45 working minutes away; due Thursday 12:00 is far off; due
		// yesterday (Saturday) 09:00 is overdue by the working time since, not the wall time.
		const f = figures([
			request(1, 'awaiting_repair', { technicianId: 7, dueAt: '2026-04-05T07:15:00.000Z' }),
			request(2, 'awaiting_repair', { technicianId: 7, dueAt: '2026-04-04T05:30:00.000Z' }),
			request(3, 'awaiting_repair', { technicianId: 7, dueAt: '2026-04-09T08:30:00.000Z' })
		]);
		expect(f.sla.map((e) => [e.request.id, e.level])).toEqual([
			[2, 'breached'],
			[1, 'at_risk']
		]);
		expect(f.sla[1]!.minutesLeft).toBe(45);
		// Saturday 09:00 → Sunday 10:00 is 7 working hours on Saturday + 2 on Sunday.
		expect(f.sla[0]!.minutesLeft).toBe(-(7 * 60 + 120));
		expect(f.technicians[0]).toMatchObject({ breached: 1, atRisk: 1 });
		expect(f.technicians[0]!.queue).toHaveLength(3);
	});
});

describe('splitMinutes', () => {
	it('splits signed minutes into hours and minutes', () => {
		expect(splitMinutes(-95)).toEqual({ sign: -1, hours: 1, minutes: 35 });
		expect(splitMinutes(45)).toEqual({ sign: 1, hours: 0, minutes: 45 });
	});
});
