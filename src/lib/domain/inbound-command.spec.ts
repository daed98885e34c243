import { describe, expect, it } from 'vitest';
import { formNumberMatches, parseInboundCommand } from './inbound-command';

describe('parseInboundCommand', () => {
	it('reads yes and no in Persian, English and digits of any script', () => {
		expect(parseInboundCommand('بله')).toEqual({ kind: 'answer', decision: 'approve' });
		expect(parseInboundCommand(' ۱ ')).toEqual({ kind: 'answer', decision: 'approve' });
		expect(parseInboundCommand('YES')).toEqual({ kind: 'answer', decision: 'approve' });
		expect(parseInboundCommand('خیر')).toEqual({ kind: 'answer', decision: 'reject' });
		expect(parseInboundCommand('٢')).toEqual({ kind: 'answer', decision: 'reject' });
	});

	it('reads status queries with or without a number', () => {
		expect(parseInboundCommand('پیگیری ۱۲۳۴')).toEqual({ kind: 'status', number: '1234' });
		expect(parseInboundCommand('status 1234')).toEqual({ kind: 'status', number: '1234' });
		expect(parseInboundCommand('پیگیری')).toEqual({ kind: 'status', number: null });
		expect(parseInboundCommand('thr-01-1405-000123')).toEqual({
			kind: 'status',
			number: 'THR-01-1405-000123'
		});
	});

	it('reads anything serial-like as a warranty serial, separators and Persian digits folded', () => {
		expect(parseInboundCommand('۱۲۳-۴۵۶ ۷۸۹')).toEqual({ kind: 'serial', serial: '123456789' });
		expect(parseInboundCommand('ws-2024-0001')).toEqual({ kind: 'serial', serial: 'WS20240001' });
	});

	it('reads opt-out and falls back to help', () => {
		expect(parseInboundCommand('لغو')).toEqual({ kind: 'opt_out' });
		expect(parseInboundCommand('STOP')).toEqual({ kind: 'opt_out' });
		expect(parseInboundCommand('سلام وقت بخیر')).toEqual({ kind: 'help' });
		expect(parseInboundCommand('12')).toEqual({ kind: 'help' });
	});
});

describe('formNumberMatches', () => {
	it('matches full numbers exactly and bare digits against the sequence', () => {
		expect(formNumberMatches('THR-01-1405-000123', 'THR-01-1405-000123')).toBe(true);
		expect(formNumberMatches('THR-01-1405-000123', '123')).toBe(true);
		expect(formNumberMatches('THR-01-1405-000123', '0123')).toBe(true);
		expect(formNumberMatches('THR-01-1405-000123', '124')).toBe(false);
		expect(formNumberMatches('THR-01-1405-000123', 'THR-01-1404-000123')).toBe(false);
	});
});
