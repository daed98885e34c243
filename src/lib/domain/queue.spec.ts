import { describe, expect, it } from 'vitest';
import {
	QUEUE_ACTIONS,
	QUEUE_STATUSES,
	allowedTicketActions,
	isActiveTicket,
	nextTicketStatus,
	tehranDay,
	ticketCode
} from './queue';

describe('queue tickets', () => {
	it('shows the purpose letter and three digits', () => {
		expect(ticketCode('reception', 7)).toBe('A007');
		expect(ticketCode('delivery', 42)).toBe('B042');
		expect(ticketCode('consultation', 1234)).toBe('C1234');
	});

	it('allows each action only from its statuses', () => {
		const table = Object.fromEntries(
			QUEUE_STATUSES.map((s) => [s, QUEUE_ACTIONS.map((a) => nextTicketStatus(s, a))])
		);
		expect(table).toEqual({
			waiting: [null, null, null, null],
			called: ['called', 'serving', 'done', 'no_show'],
			serving: [null, null, 'done', null],
			done: [null, null, null, null],
			no_show: [null, null, null, null]
		});
		expect(allowedTicketActions('serving')).toEqual(['done']);
		expect(isActiveTicket('called')).toBe(true);
		expect(isActiveTicket('waiting')).toBe(false);
	});

	it('numbers by the Tehran day, which starts at 20:30 UTC', () => {
		expect(tehranDay(new Date('2026-03-20T20:29:59Z'))).toBe('2026-03-20');
		expect(tehranDay(new Date('2026-03-20T20:30:00Z'))).toBe('2026-03-21');
	});
});
