/**
 * The customer tracking page (/t/<token>): no account, an unguessable token per request. The
 * token alone shows the repair's progress (status, plain-words timeline, expected date, branch,
 * pending estimate); personal details and answering an estimate need a one-time SMS code sent to
 * the customer's own mobile. Codes and sessions are stored only as hashes, expire, and are
 * limited in sends and guesses per request and per address.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { StatusKey } from '#lib/domain/lifecycle';
import {
	TRACKING_LIMITS,
	maskMobile,
	normalizeCode,
	trackingStep,
	type TrackingStep
} from '#lib/domain/tracking';
import type { WeeklyHours } from '../db/schema/org';
import { hashToken } from '../auth/tokens';
import { getConfig } from '../config';
import { getDb, type Executor } from '../db';
import {
	branches,
	customers,
	estimateLines,
	estimates,
	history,
	products,
	serviceRequests,
	services,
	trackingCodes,
	units,
	type ServiceRequest
} from '../db/schema';
import { AppError, notFound, parseOrThrow } from '../http/errors';
import { getSmsProvider } from '../sms/provider';
import { recordCustomerAnswerInTx } from '../service/estimates';
import { channelActor } from './channel-actor';

/** The browser cookie holding a verified tracking session (scoped to the request's page). */
export const TRACKING_COOKIE = 'khadamat_track';

const TOKEN_PATTERN = /^[0-9a-f]{32}$/;

/** The tracking page's path for a request's token (slips, SMS and Telegram link to it). */
export function trackingPath(token: string): string {
	return `/t/${token}`;
}

/** Input to answer an estimate from the tracking page. */
export const trackingAnswerSchema = z.object({
	estimateId: z.coerce.number().int().positive(),
	decision: z.enum(['approve', 'reject'])
});

/** One line of the plain-words timeline. */
export interface TrackingEvent {
	at: string;
	step: TrackingStep;
	status: StatusKey;
}

/** What the tracking page shows. Personal details are present only for a verified browser. */
export interface TrackingView {
	formNumber: string;
	status: StatusKey;
	step: TrackingStep;
	product: { fa: string; en: string };
	receivedAt: string;
	expectedAt: string | null;
	branch: {
		fa: string;
		en: string;
		address: string;
		phone: string;
		city: string;
		weeklyHours: WeeklyHours;
	};
	timeline: TrackingEvent[];
	estimate: {
		id: number;
		totalRials: string;
		status: string;
		lines: { description: string; quantity: number; amountRials: string }[];
	} | null;
	/** Where the code would go (masked), or null when the request names no customer. */
	maskedMobile: string | null;
	verified: boolean;
	personal: {
		customerName: string;
		mobile: string;
		address: string;
		complaint: string;
		accessories: string;
		serial: string | null;
		delivererName: string;
	} | null;
}

/** The request a token opens, or null; a malformed token never reaches the database. */
export async function findRequestByToken(
	token: string,
	executor?: Executor
): Promise<ServiceRequest | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const db = executor ?? (await getDb());
	const [row] = await db
		.select()
		.from(serviceRequests)
		.where(eq(serviceRequests.trackingToken, token));
	return row ?? null;
}

async function requireByToken(token: string, executor?: Executor): Promise<ServiceRequest> {
	const request = await findRequestByToken(token, executor);
	if (!request) throw notFound();
	return request;
}

/** Whether a browser's tracking cookie is a live verified session for this request. */
export async function isVerified(
	requestId: number,
	sessionToken: string | null | undefined,
	now: Date = new Date(),
	executor?: Executor
): Promise<boolean> {
	if (!sessionToken || !/^[a-z0-9]{16,64}$/.test(sessionToken)) return false;
	const db = executor ?? (await getDb());
	const [row] = await db
		.select({ id: trackingCodes.id })
		.from(trackingCodes)
		.where(
			and(
				eq(trackingCodes.requestId, requestId),
				eq(trackingCodes.sessionHash, hashToken(sessionToken)),
				gt(trackingCodes.sessionExpiresAt, now)
			)
		);
	return Boolean(row);
}

/** The tracking page's data for a token; 404 for an unknown token. */
export async function getTrackingView(
	token: string,
	sessionToken: string | null | undefined,
	now: Date = new Date()
): Promise<TrackingView> {
	const db = await getDb();
	const request = await requireByToken(token, db);
	const verified = await isVerified(request.id, sessionToken, now, db);
	const [branch] = await db.select().from(branches).where(eq(branches.id, request.branchId));
	const [product] = await db.select().from(products).where(eq(products.id, request.productId));
	const [customer] = request.customerId
		? await db.select().from(customers).where(eq(customers.id, request.customerId))
		: [];
	const [estimate] = await db
		.select()
		.from(estimates)
		.where(and(eq(estimates.requestId, request.id), eq(estimates.noCharge, false)))
		.orderBy(desc(estimates.id))
		.limit(1);
	const lines = estimate
		? await db
				.select({
					description: estimateLines.description,
					quantity: estimateLines.quantity,
					amountRials: estimateLines.amountRials,
					productFa: products.nameFa,
					productEn: products.nameEn,
					serviceFa: services.nameFa
				})
				.from(estimateLines)
				.leftJoin(products, eq(products.id, estimateLines.productId))
				.leftJoin(services, eq(services.id, estimateLines.serviceId))
				.where(eq(estimateLines.estimateId, estimate.id))
				.orderBy(asc(estimateLines.id))
		: [];
	const pending = estimate?.status === 'pending';
	// Only status moves: who did what inside the workshop is not the customer's business.
	const moves = await db
		.select({ at: history.createdAt, action: history.action, changes: history.changes })
		.from(history)
		.where(
			and(
				eq(history.entityType, 'service_request'),
				eq(history.entityId, String(request.id)),
				inArray(history.action, ['created', 'status_changed'])
			)
		)
		.orderBy(asc(history.id));
	const timeline: TrackingEvent[] = [];
	for (const move of moves) {
		const status = (move.action === 'created' ? 'draft' : move.changes.to) as StatusKey;
		if (typeof status !== 'string') continue;
		const step = trackingStep(status);
		// Several inside moves read as one step to the customer ("being repaired").
		if (timeline.at(-1)?.step === step) continue;
		timeline.push({ at: move.at.toISOString(), step, status });
	}
	let serial: string | null = null;
	if (verified && request.unitId) {
		const [unit] = await db
			.select({ serial: units.serial })
			.from(units)
			.where(eq(units.id, request.unitId));
		serial = unit?.serial ?? null;
	}
	return {
		formNumber: request.formNumber,
		status: request.status,
		step: trackingStep(request.status, pending),
		product: { fa: product?.nameFa ?? '', en: product?.nameEn ?? '' },
		receivedAt: request.createdAt.toISOString(),
		expectedAt: request.expectedAt?.toISOString() ?? null,
		branch: {
			fa: branch!.nameFa,
			en: branch!.nameEn,
			address: branch!.address,
			phone: branch!.phone,
			city: branch!.city,
			weeklyHours: branch!.weeklyHours
		},
		timeline,
		estimate: estimate
			? {
					id: estimate.id,
					totalRials: estimate.totalRials.toString(),
					status: estimate.status,
					lines: lines.map((l) => ({
						description: l.description || l.productFa || l.serviceFa || '',
						quantity: l.quantity,
						amountRials: l.amountRials.toString()
					}))
				}
			: null,
		maskedMobile: customer ? maskMobile(customer.mobile) : null,
		verified,
		personal:
			verified && customer
				? {
						customerName: customer.name,
						mobile: customer.mobile,
						address: customer.address,
						complaint: request.complaint,
						accessories: request.accessories,
						serial,
						delivererName: request.delivererName
					}
				: null
	};
}

function tooMany(retryAfterSeconds: number): AppError {
	return new AppError(
		429,
		'rate_limited',
		'tracking.error.tooMany',
		{ minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
		undefined,
		{ retryAfterSeconds }
	);
}

function hashCode(salt: string, code: string): string {
	return hashToken(`${salt}:${code}`);
}

/**
 * Sends a one-time code to the request's customer: at most 3 per request per 15 minutes, one
 * a minute, 10 per address per hour. Only a salted hash of the code is stored.
 */
export async function sendTrackingCode(
	token: string,
	ip: string,
	now: Date = new Date()
): Promise<{ maskedMobile: string; expiresAt: Date }> {
	const db = await getDb();
	const { code, mobile, expiresAt } = await db.transaction(async (tx) => {
		const request = await requireByToken(token, tx);
		// Serialises sends for one request, so two presses cannot both pass the limits.
		await tx
			.select({ id: serviceRequests.id })
			.from(serviceRequests)
			.where(eq(serviceRequests.id, request.id))
			.for('update');
		if (!request.customerId) throw new AppError(409, 'no_customer', 'tracking.error.noMobile');
		const [customer] = await tx
			.select()
			.from(customers)
			.where(eq(customers.id, request.customerId));
		if (!customer) throw new AppError(409, 'no_customer', 'tracking.error.noMobile');
		const recent = await tx
			.select({ createdAt: trackingCodes.createdAt })
			.from(trackingCodes)
			.where(
				and(
					eq(trackingCodes.requestId, request.id),
					gte(trackingCodes.createdAt, new Date(now.getTime() - TRACKING_LIMITS.sendWindowMs))
				)
			)
			.orderBy(desc(trackingCodes.createdAt));
		const last = recent[0]?.createdAt;
		if (last && now.getTime() - last.getTime() < TRACKING_LIMITS.minSendGapMs)
			throw tooMany(
				Math.ceil((TRACKING_LIMITS.minSendGapMs - (now.getTime() - last.getTime())) / 1000)
			);
		if (recent.length >= TRACKING_LIMITS.maxSendsPerWindow) {
			const oldest = recent.at(-1)!.createdAt;
			throw tooMany(
				Math.ceil((TRACKING_LIMITS.sendWindowMs - (now.getTime() - oldest.getTime())) / 1000)
			);
		}
		const [perIp] = await tx
			.select({ n: count() })
			.from(trackingCodes)
			.where(
				and(
					eq(trackingCodes.ip, ip),
					gte(trackingCodes.createdAt, new Date(now.getTime() - 3_600_000))
				)
			);
		if ((perIp?.n ?? 0) >= TRACKING_LIMITS.maxSendsPerIpPerHour) throw tooMany(3600);
		const code = String(randomInt(0, 10 ** TRACKING_LIMITS.codeDigits)).padStart(
			TRACKING_LIMITS.codeDigits,
			'0'
		);
		const salt = randomBytes(16).toString('hex');
		const expiresAt = new Date(now.getTime() + TRACKING_LIMITS.codeTtlMs);
		await tx.insert(trackingCodes).values({
			requestId: request.id,
			mobile: customer.mobile,
			salt,
			codeHash: hashCode(salt, code),
			ip,
			expiresAt,
			createdAt: now
		});
		return { code, mobile: customer.mobile, expiresAt };
	});
	// Sent after commit: a failed send leaves a row that only counts against the limit, which
	// errs on the side of fewer messages.
	await getSmsProvider().sendLookup({
		receptor: mobile,
		// A provider-side template (Kavenegar verify/lookup), named in each account's panel.
		template: getConfig().KAVENEGAR_VERIFY_TEMPLATE,
		tokens: [code]
	});
	return { maskedMobile: maskMobile(mobile), expiresAt };
}

/**
 * Checks a typed code against the request's latest live code. A right code is used up and
 * becomes a 30-minute session whose token is returned (only its hash is stored); each wrong
 * guess counts, and the fifth kills the code.
 */
export async function verifyTrackingCode(
	token: string,
	typed: string,
	now: Date = new Date()
): Promise<{ sessionToken: string; expiresAt: Date }> {
	const db = await getDb();
	const result = await db.transaction(async (tx) => {
		const request = await requireByToken(token, tx);
		const [live] = await tx
			.select()
			.from(trackingCodes)
			.where(
				and(
					eq(trackingCodes.requestId, request.id),
					isNull(trackingCodes.usedAt),
					gt(trackingCodes.expiresAt, now)
				)
			)
			.orderBy(desc(trackingCodes.id))
			.limit(1)
			.for('update');
		if (!live || live.attempts >= TRACKING_LIMITS.maxAttempts)
			return { ok: false as const, key: 'tracking.error.codeExpired' as const };
		const code = normalizeCode(typed);
		const expected = Buffer.from(live.codeHash, 'hex');
		const actual = Buffer.from(hashCode(live.salt, code ?? 'invalid'), 'hex');
		if (!code || !timingSafeEqual(expected, actual)) {
			const attempts = live.attempts + 1;
			await tx.update(trackingCodes).set({ attempts }).where(eq(trackingCodes.id, live.id));
			return {
				ok: false as const,
				key:
					attempts >= TRACKING_LIMITS.maxAttempts
						? ('tracking.error.codeExpired' as const)
						: ('tracking.error.codeWrong' as const),
				left: TRACKING_LIMITS.maxAttempts - attempts
			};
		}
		const sessionToken = randomBytes(20).toString('hex');
		const expiresAt = new Date(now.getTime() + TRACKING_LIMITS.sessionTtlMs);
		await tx
			.update(trackingCodes)
			.set({
				usedAt: now,
				attempts: live.attempts + 1,
				sessionHash: hashToken(sessionToken),
				sessionExpiresAt: expiresAt
			})
			.where(eq(trackingCodes.id, live.id));
		return { ok: true as const, sessionToken, expiresAt };
	});
	// The wrong guess is committed before refusing, so it counts even though this call fails.
	if (!result.ok)
		throw new AppError(
			422,
			'code_invalid',
			result.key,
			{ left: result.left ?? 0 },
			{
				code: { key: result.key, params: { left: result.left ?? 0 } }
			}
		);
	return { sessionToken: result.sessionToken, expiresAt: result.expiresAt };
}

/**
 * The customer approves or rejects the pending estimate from a verified tracking page, through
 * the same service as staff answers (so it moves the request exactly once; a second answer,
 * from here or any other door, is a 409).
 */
export async function answerEstimateByTracking(
	token: string,
	sessionToken: string | null | undefined,
	raw: unknown,
	now: Date = new Date()
) {
	const input = parseOrThrow(trackingAnswerSchema, raw);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const request = await requireByToken(token, tx);
		if (!(await isVerified(request.id, sessionToken, now, tx)))
			throw new AppError(401, 'not_verified', 'tracking.error.notVerified');
		const [estimate] = await tx
			.select({ requestId: estimates.requestId })
			.from(estimates)
			.where(eq(estimates.id, input.estimateId));
		// An estimate of another request is simply not found from this page.
		if (!estimate || estimate.requestId !== request.id) throw notFound();
		const actor = await channelActor(tx);
		return recordCustomerAnswerInTx({ tx, actor, now }, input.estimateId, {
			decision: input.decision,
			via: 'portal',
			note: ''
		});
	});
}
