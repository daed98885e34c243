// The customer tracking page: unguessable tokens (backfilled, unique, no leaks between
// requests), one-time SMS codes (hashed, expiring, limited guesses and sends), personal details
// only after a code, and the estimate answered exactly once through the staff service.
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '#lib/server/config';
import { getDb, schema } from '#lib/server/db';
import { declareEstimate, recordCustomerAnswer } from '#lib/server/service/estimates';
import { issueOrder } from '#lib/server/service/orders';
import { receiveRequest } from '#lib/server/service/reception';
import { getLogSmsProvider } from '#lib/server/sms/provider';
import {
	answerEstimateByTracking,
	findRequestByToken,
	getTrackingView,
	sendTrackingCode,
	verifyTrackingCode
} from '#lib/server/tracking/tracking';
import { buildWorld, eventsOf, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});
afterEach(() => getLogSmsProvider().clear());

async function receive() {
	const { warranty } = await world.newWarrantedUnit();
	return receiveRequest(world.actors.reception, {
		by: 'warranty_serial',
		key: warranty.serial,
		complaint: 'صدای زیاد کمپرسور',
		delivererName: 'مینا کریمی'
	});
}

/** The code the log provider "sent" to the customer. */
function lastCode(): string {
	const sms = getLogSmsProvider().lastTo(world.customer.mobile);
	expect(sms).toBeTruthy();
	return sms!.tokens![0]!;
}

describe('tracking tokens', () => {
	it('gives every request its own 32-hex token and finds nothing with a wrong one', async () => {
		const a = await receive();
		const b = await receive();
		expect(a.trackingToken).toMatch(/^[0-9a-f]{32}$/);
		expect(a.trackingToken).not.toBe(b.trackingToken);
		expect((await findRequestByToken(a.trackingToken))!.id).toBe(a.id);
		expect(await findRequestByToken(a.trackingToken.toUpperCase())).toBeNull();
		expect(await findRequestByToken(`${a.trackingToken.slice(0, 31)}0`)).toBeNull();
		expect(await findRequestByToken("' or 1=1 --")).toBeNull();
		await expect(getTrackingView('0'.repeat(32), null)).rejects.toMatchObject({ status: 404 });
	});

	it('every row carries a distinct token (the migration’s volatile default fills old rows one by one)', async () => {
		const db = await getDb();
		const rows = await db
			.select({ token: schema.serviceRequests.trackingToken })
			.from(schema.serviceRequests);
		expect(rows.every((r) => /^[0-9a-f]{32}$/.test(r.token))).toBe(true);
		expect(new Set(rows.map((r) => r.token)).size).toBe(rows.length);
	});

	it('shows progress without personal details until a code is verified', async () => {
		const request = await receive();
		const view = await getTrackingView(request.trackingToken, null);
		expect(view.formNumber).toBe(request.formNumber);
		expect(view.step).toBe('received');
		expect(view.timeline.map((e) => e.step)).toEqual(['received']);
		expect(view.personal).toBeNull();
		expect(view.maskedMobile).toMatch(/^09\d\d \*\*\* \*\*\d\d$/);
		expect(JSON.stringify(view)).not.toContain(world.customer.name);
		expect(JSON.stringify(view)).not.toContain(world.customer.mobile);
		expect(JSON.stringify(view)).not.toContain('مینا کریمی');
	});
});

describe('one-time codes', () => {
	it('sends a hashed code, verifies it once, and opens personal details for that request only', async () => {
		const request = await receive();
		const other = await receive();
		const now = new Date();
		await sendTrackingCode(request.trackingToken, '10.0.0.1', now);
		const code = lastCode();
		const db = await getDb();
		const [row] = await db
			.select()
			.from(schema.trackingCodes)
			.where(eq(schema.trackingCodes.requestId, request.id));
		expect(row!.codeHash).not.toContain(code);
		expect(row!.mobile).toBe(world.customer.mobile);

		// A code of one request opens nothing on another.
		await expect(verifyTrackingCode(other.trackingToken, code, now)).rejects.toMatchObject({
			status: 422
		});
		const { sessionToken } = await verifyTrackingCode(
			request.trackingToken,
			code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!),
			now
		);
		const view = await getTrackingView(request.trackingToken, sessionToken, now);
		expect(view.personal).toMatchObject({
			customerName: world.customer.name,
			mobile: world.customer.mobile,
			delivererName: 'مینا کریمی'
		});
		// The session belongs to this request only, and it expires.
		expect((await getTrackingView(other.trackingToken, sessionToken, now)).personal).toBeNull();
		const later = new Date(now.getTime() + 31 * 60_000);
		expect((await getTrackingView(request.trackingToken, sessionToken, later)).personal).toBeNull();
		// A used code cannot be used again.
		await expect(verifyTrackingCode(request.trackingToken, code, now)).rejects.toMatchObject({
			status: 422,
			messageKey: 'tracking.error.codeExpired'
		});
	});

	it('sends the code with the verify template named in KAVENEGAR_VERIFY_TEMPLATE', async () => {
		const first = await receive();
		await sendTrackingCode(first.trackingToken, '10.0.0.5');
		expect(getLogSmsProvider().lastTo(world.customer.mobile)?.template).toBe(
			'khadamat-tracking-code'
		);
		process.env.KAVENEGAR_VERIFY_TEMPLATE = 'otp-rahgiri';
		resetConfig();
		try {
			const second = await receive();
			await sendTrackingCode(second.trackingToken, '10.0.0.6');
			const sms = getLogSmsProvider().lastTo(world.customer.mobile);
			expect(sms?.template).toBe('otp-rahgiri');
			expect(sms?.tokens).toHaveLength(1);
		} finally {
			delete process.env.KAVENEGAR_VERIFY_TEMPLATE;
			resetConfig();
		}
	});

	it('kills a code after five wrong guesses and refuses expired codes', async () => {
		const request = await receive();
		const now = new Date();
		await sendTrackingCode(request.trackingToken, '10.0.0.2', now);
		const code = lastCode();
		const wrong = code === '000000' ? '111111' : '000000';
		for (let i = 0; i < 4; i += 1)
			await expect(verifyTrackingCode(request.trackingToken, wrong, now)).rejects.toMatchObject({
				status: 422,
				messageKey: 'tracking.error.codeWrong'
			});
		await expect(verifyTrackingCode(request.trackingToken, wrong, now)).rejects.toMatchObject({
			messageKey: 'tracking.error.codeExpired'
		});
		// Even the right code is dead now.
		await expect(verifyTrackingCode(request.trackingToken, code, now)).rejects.toMatchObject({
			messageKey: 'tracking.error.codeExpired'
		});

		const fresh = new Date(now.getTime() + 61_000);
		await sendTrackingCode(request.trackingToken, '10.0.0.2', fresh);
		const second = lastCode();
		const expired = new Date(fresh.getTime() + 5 * 60_000 + 1);
		await expect(verifyTrackingCode(request.trackingToken, second, expired)).rejects.toMatchObject({
			messageKey: 'tracking.error.codeExpired'
		});
	});

	it('limits sends per request (gap and window) and per address', async () => {
		const request = await receive();
		const t0 = new Date('2026-06-01T08:00:00Z');
		const at = (s: number) => new Date(t0.getTime() + s * 1000);
		await sendTrackingCode(request.trackingToken, '10.0.0.3', at(0));
		await expect(sendTrackingCode(request.trackingToken, '10.0.0.3', at(30))).rejects.toMatchObject(
			{ status: 429 }
		);
		await sendTrackingCode(request.trackingToken, '10.0.0.3', at(61));
		await sendTrackingCode(request.trackingToken, '10.0.0.3', at(122));
		await expect(
			sendTrackingCode(request.trackingToken, '10.0.0.3', at(183))
		).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
		// After the 15-minute window it may send again.
		await sendTrackingCode(request.trackingToken, '10.0.0.3', at(15 * 60 + 1));
		expect(getLogSmsProvider().sentTo(world.customer.mobile)).toHaveLength(4);

		// One address asking for many requests is stopped at 10 an hour.
		const ip = '10.9.9.9';
		const many = [];
		for (let i = 0; i < 11; i += 1) many.push(await receive());
		const statuses: number[] = [];
		for (const r of many)
			statuses.push(
				await sendTrackingCode(r.trackingToken, ip, t0).then(
					() => 200,
					(e: { status: number }) => e.status
				)
			);
		expect(statuses.filter((s) => s === 429)).toHaveLength(1);
	});
});

describe('answering the estimate', () => {
	it('needs a verified session and records the answer exactly once through the staff service', async () => {
		const request = await receive();
		await issueOrder(world.actors.dispatcher, {
			requestId: request.id,
			technicianId: world.actors.technician.user.id,
			priorityId: world.priority.id
		});
		const estimate = await declareEstimate(world.actors.technician, {
			requestId: request.id,
			lines: [{ kind: 'part', productId: world.compressor.id, quantity: 1 }]
		});
		const before = await getTrackingView(request.trackingToken, null);
		expect(before.step).toBe('awaiting_answer');
		expect(before.estimate).toMatchObject({ id: estimate.id, status: 'pending' });

		await expect(
			answerEstimateByTracking(request.trackingToken, null, {
				estimateId: estimate.id,
				decision: 'approve'
			})
		).rejects.toMatchObject({ status: 401 });

		await sendTrackingCode(request.trackingToken, '10.0.0.4');
		const { sessionToken } = await verifyTrackingCode(request.trackingToken, lastCode());
		// Another request's estimate is not reachable through this token.
		const other = await receive();
		await expect(
			answerEstimateByTracking(other.trackingToken, sessionToken, {
				estimateId: estimate.id,
				decision: 'approve'
			})
		).rejects.toMatchObject({ status: 401 });

		const results = await Promise.allSettled([
			answerEstimateByTracking(request.trackingToken, sessionToken, {
				estimateId: estimate.id,
				decision: 'approve'
			}),
			answerEstimateByTracking(request.trackingToken, sessionToken, {
				estimateId: estimate.id,
				decision: 'reject'
			})
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(
			(results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason
		).toMatchObject({ status: 409, code: 'already_answered' });
		// Staff answering afterwards is refused too.
		await expect(
			recordCustomerAnswer(world.actors.reception, estimate.id, { decision: 'reject' })
		).rejects.toMatchObject({ status: 409 });
		const events = await eventsOf('estimate', estimate.id);
		const answered = events.filter((e) => e.type === 'estimate.answered');
		expect(answered).toHaveLength(1);
		expect(answered[0]!.payload).toMatchObject({ via: 'portal' });
		const after = await getTrackingView(request.trackingToken, sessionToken);
		expect(['cost_approved', 'cost_rejected']).toContain(after.status);
	});
});
