/**
 * What a customer's free text to the service line asks for. SMS and Telegram share this reading,
 * so "پیگیری ۱۲۳۴", "status 1234", a bare form number, a warranty serial and a yes/no to an
 * estimate mean the same thing on both.
 */
import { normalizeDigits, normalizeSerial, removeInvisibleChars } from './text';

export type InboundCommand =
	| { kind: 'answer'; decision: 'approve' | 'reject' }
	| { kind: 'status'; number: string | null }
	| { kind: 'serial'; serial: string }
	| { kind: 'opt_out' }
	| { kind: 'opt_in' }
	| { kind: 'help' };

const YES = new Set(['1', 'بله', 'بلی', 'آره', 'اره', 'تایید', 'تأیید', 'yes', 'y', 'ok']);
const NO = new Set(['2', 'خیر', 'نه', 'رد', 'no', 'n']);
const OPT_OUT = new Set(['لغو', 'لغو11', 'stop', 'unsubscribe', 'optout']);
const OPT_IN = new Set(['عضویت', 'start', 'optin']);
const STATUS_WORDS = /^(?:پیگیری|وضعیت|status|track)\s*[:#-]?\s*(.*)$/i;
/** A form number as printed on the slip, e.g. THR-01-1405-000123. */
const FORM_NUMBER = /^[A-Z]{2,5}-\d{2}-\d{4}-\d{3,7}$/;
/** Serials are letters and digits; at least 5 so a stray "12" is not a serial lookup. */
const SERIAL = /^[A-Z0-9]{5,40}$/;

/** Normalised text: Latin digits, no invisible characters, single spaces, trimmed. */
export function cleanInboundText(text: string): string {
	return removeInvisibleChars(normalizeDigits(text.normalize('NFKC')))
		.replace(/[\u064A\u0649]/g, '\u06CC')
		.replace(/\u0643/g, '\u06A9')
		.replace(/\s+/g, ' ')
		.trim();
}

/** A request number as the customer typed it: a full form number (upper-cased) or its digits. */
function requestNumber(text: string): string | null {
	const compact = text.replace(/\s+/g, '').toUpperCase();
	if (FORM_NUMBER.test(compact)) return compact;
	const digits = compact.replace(/[^0-9]/g, '');
	return digits && /^[#\-\d]+$/.test(compact) && digits.length <= 7 ? digits : null;
}

/** Reads one inbound text as a command. */
export function parseInboundCommand(raw: string): InboundCommand {
	const text = cleanInboundText(raw);
	const lower = text.toLowerCase();
	if (!text) return { kind: 'help' };
	if (YES.has(lower)) return { kind: 'answer', decision: 'approve' };
	if (NO.has(lower)) return { kind: 'answer', decision: 'reject' };
	if (OPT_OUT.has(lower.replace(/\s+/g, ''))) return { kind: 'opt_out' };
	if (OPT_IN.has(lower.replace(/\s+/g, ''))) return { kind: 'opt_in' };
	const status = STATUS_WORDS.exec(text);
	if (status) return { kind: 'status', number: requestNumber(status[1] ?? '') };
	const compact = text.replace(/\s+/g, '').toUpperCase();
	if (FORM_NUMBER.test(compact)) return { kind: 'status', number: compact };
	const serial = normalizeSerial(text);
	if (SERIAL.test(serial)) return { kind: 'serial', serial };
	return { kind: 'help' };
}

/** True when a form number matches what the customer typed (the full number or its trailing digits). */
export function formNumberMatches(formNumber: string, typed: string): boolean {
	if (typed.includes('-')) return formNumber.toUpperCase() === typed.toUpperCase();
	const seq = formNumber.split('-').at(-1) ?? '';
	return Number(seq) === Number(typed);
}
