/**
 * What a customer can do through SMS or Telegram, as plain functions over the same services the
 * web uses (warranty assignment, CRM lookup by normalised mobile, estimate answers through the
 * lifecycle, reception). Both bots call these and only turn the results into words.
 */
import { and, desc, eq, gte, inArray, isNotNull, ne, notInArray, or, sql } from 'drizzle-orm';
import { FINAL_STATUSES } from '#lib/domain/lifecycle';
import { formatMobileForDisplay } from '#lib/domain/mobile';
import { formatNumber, normalizeSerial } from '#lib/domain/text';
import { formNumberMatches } from '#lib/domain/inbound-command';
import { translate, type MessageKey } from '#lib/i18n';
import { getConfig } from '../config';
import { findCustomerByMobile } from '../crm/customers';
import { getDb } from '../db';
import {
	branches,
	customers,
	estimates,
	products,
	serviceRequests,
	units,
	warranties,
	type Customer
} from '../db/schema';
import { inboundMessages } from '../db/schema/notify';
import { AppError } from '../http/errors';
import { recordCustomerAnswer } from '../service/estimates';
import { receiveRequest } from '../service/reception';
import {
	assignWarranty,
	selectWarrantyViews,
	toWarrantyView,
	type WarrantyView
} from '../warranty/warranties';
import { channelActor } from './channel-actor';
import { messageDate } from './feed';
import { formatOpeningHours } from '#lib/domain/opening-hours';

export type Via = 'sms' | 'telegram';
type Locale = 'fa' | 'en';

/** A reply: a catalogue key and its parameters, rendered in the recipient's language. */
export interface Reply {
	key: MessageKey;
	params?: Record<string, string | number>;
}

/** Renders replies as one message text. */
export function renderReplies(replies: Reply[], locale: Locale): string {
	return replies.map((r) => translate(locale, r.key, r.params)).join('\n');
}

/** How many failed serial lookups this sender made in the last hour. */
async function recentSerialMisses(channel: Via, sender: string): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(inboundMessages)
		.where(
			and(
				eq(inboundMessages.channel, channel),
				eq(inboundMessages.sender, sender),
				eq(inboundMessages.outcome, 'serial_miss'),
				gte(inboundMessages.createdAt, new Date(Date.now() - 3600_000))
			)
		);
	return row?.n ?? 0;
}

/** Whether this sender has been guessing serials; logged so staff can see abuse. */
export async function serialGuessingThrottled(channel: Via, sender: string): Promise<boolean> {
	const misses = await recentSerialMisses(channel, sender);
	if (misses >= getConfig().SERIAL_MISSES_PER_HOUR) {
		console.warn(
			`serial guessing throttled: ${channel} ${sender} (${misses} misses in the last hour)`
		);
		return true;
	}
	return false;
}

/** Warranty facts as reply parameters. */
function warrantyParams(view: WarrantyView, locale: Locale): Record<string, string | number> {
	return {
		serial: view.serial,
		product: locale === 'fa' ? view.unit.productNameFa : view.unit.productNameEn,
		start: view.startsOn ? messageDate(view.startsOn, locale) : '—',
		end: view.endsOn ? messageDate(view.endsOn, locale) : '—',
		days: view.daysLeft ?? 0
	};
}

export type RegisterOutcome =
	'registered' | 'already_yours' | 'serial_miss' | 'inactive' | 'taken' | 'throttled';

/**
 * Registers the warranty with this serial to the customer with this mobile (creating the
 * customer when new, named `name` or by their mobile). Never says anything about a card that
 * belongs to somebody else beyond "it is taken".
 */
export async function registerWarrantyBySerial(input: {
	mobile: string;
	name?: string;
	serial: string;
	via: Via;
	sender: string;
	locale: Locale;
}): Promise<{ outcome: RegisterOutcome; replies: Reply[]; customerId: number | null }> {
	if (await serialGuessingThrottled(input.via, input.sender))
		return {
			outcome: 'throttled',
			replies: [{ key: 'notify.reply.tooManyTries' }],
			customerId: null
		};
	const db = await getDb();
	const serial = normalizeSerial(input.serial);
	const [row] = await selectWarrantyViews(db).where(eq(warranties.serialNorm, serial)).limit(1);
	if (!row)
		return {
			outcome: 'serial_miss',
			replies: [{ key: 'notify.reply.serialNotFound' }],
			customerId: null
		};
	const view = toWarrantyView(row);
	if (!view.active)
		return {
			outcome: 'inactive',
			replies: [{ key: 'notify.reply.serialInactive' }],
			customerId: null
		};
	const existing = await findCustomerByMobile(input.mobile);
	if (view.customer && view.customer.id !== existing?.id)
		return {
			outcome: 'taken',
			replies: [{ key: 'notify.reply.serialTaken' }],
			customerId: existing?.id ?? null
		};
	if (view.customer) {
		return {
			outcome: 'already_yours',
			replies: [describeWarranty(view, input.locale, true)],
			customerId: view.customer.id
		};
	}
	const actor = await channelActor(input.via);
	const updated = await assignWarranty(
		view.id,
		{
			mobile: input.mobile,
			name: existing ? undefined : input.name || formatMobileForDisplay(input.mobile),
			note: input.via,
			version: undefined
		},
		actor.user.id
	);
	const owner = updated.customer?.id ?? null;
	return {
		outcome: 'registered',
		replies: [describeWarranty(updated, input.locale, false)],
		customerId: owner
	};
}

function describeWarranty(view: WarrantyView, locale: Locale, already: boolean): Reply {
	const params = warrantyParams(view, locale);
	if (view.state === 'expired') return { key: 'notify.reply.expired', params };
	if (!view.startsOn) return { key: 'notify.reply.registeredPending', params };
	return { key: already ? 'notify.reply.alreadyYours' : 'notify.reply.registered', params };
}

/** A request as the customer sees it. */
export interface CustomerRequestView {
	id: number;
	formNumber: string;
	status: string;
	product: string;
	branch: string;
	expectedAt: Date | null;
}

/** The customer's requests (open ones unless `all`), newest first. */
export async function customerRequests(
	customerId: number,
	locale: Locale,
	options: { all?: boolean; limit?: number } = {}
): Promise<CustomerRequestView[]> {
	const db = await getDb();
	const rows = await db
		.select({
			id: serviceRequests.id,
			formNumber: serviceRequests.formNumber,
			status: serviceRequests.status,
			expectedAt: serviceRequests.expectedAt,
			productFa: products.nameFa,
			productEn: products.nameEn,
			branchFa: branches.nameFa,
			branchEn: branches.nameEn
		})
		.from(serviceRequests)
		.innerJoin(products, eq(products.id, serviceRequests.productId))
		.innerJoin(branches, eq(branches.id, serviceRequests.branchId))
		.where(
			and(
				eq(serviceRequests.customerId, customerId),
				options.all ? undefined : notInArray(serviceRequests.status, [...FINAL_STATUSES])
			)
		)
		.orderBy(desc(serviceRequests.id))
		.limit(options.limit ?? 20);
	return rows.map((r) => ({
		id: r.id,
		formNumber: r.formNumber,
		status: r.status,
		expectedAt: r.expectedAt,
		product: locale === 'fa' ? r.productFa : r.productEn,
		branch: locale === 'fa' ? r.branchFa : r.branchEn
	}));
}

function statusReply(r: CustomerRequestView, locale: Locale): Reply[] {
	const replies: Reply[] = [
		{
			key: 'notify.reply.status',
			params: {
				formNumber: r.formNumber,
				product: r.product,
				branch: r.branch,
				status: translate(locale, `service.status.${r.status}` as MessageKey)
			}
		}
	];
	if (r.expectedAt && !FINAL_STATUSES.includes(r.status as (typeof FINAL_STATUSES)[number]))
		replies.push({
			key: 'notify.reply.statusExpected',
			params: { date: messageDate(r.expectedAt, locale) }
		});
	return replies;
}

/**
 * Status of one request of this customer (by full form number or its sequence digits), or of
 * their open requests when no number is given. Another customer's request is "not found".
 */
export async function requestStatus(
	customerId: number | null,
	number: string | null,
	locale: Locale
): Promise<{ outcome: 'status' | 'not_found' | 'none'; replies: Reply[] }> {
	if (customerId === null)
		return {
			outcome: number ? 'not_found' : 'none',
			replies: [{ key: number ? 'notify.reply.requestNotFound' : 'notify.reply.noRequests' }]
		};
	if (number) {
		const all = await customerRequests(customerId, locale, { all: true, limit: 200 });
		const match = all.find((r) => formNumberMatches(r.formNumber, number));
		if (!match) return { outcome: 'not_found', replies: [{ key: 'notify.reply.requestNotFound' }] };
		return { outcome: 'status', replies: statusReply(match, locale) };
	}
	const open = await customerRequests(customerId, locale, { limit: 3 });
	if (!open.length) return { outcome: 'none', replies: [{ key: 'notify.reply.noRequests' }] };
	return { outcome: 'status', replies: open.flatMap((r) => statusReply(r, locale)) };
}

/**
 * Answers an estimate for the customer: the one named (Telegram buttons) or their latest
 * pending one (SMS "1"/"2"). Only the customer's own estimates, only while pending; a second
 * answer changes nothing and says so.
 */
export async function answerEstimate(input: {
	customerId: number | null;
	decision: 'approve' | 'reject';
	via: Via;
	estimateId?: number;
}): Promise<{
	outcome: 'answered' | 'already_answered' | 'no_pending';
	replies: Reply[];
	requestId?: number;
}> {
	if (input.customerId === null)
		return { outcome: 'no_pending', replies: [{ key: 'notify.reply.noPendingEstimate' }] };
	const db = await getDb();
	const [estimate] = await db
		.select({
			id: estimates.id,
			status: estimates.status,
			requestId: estimates.requestId,
			formNumber: serviceRequests.formNumber
		})
		.from(estimates)
		.innerJoin(serviceRequests, eq(serviceRequests.id, estimates.requestId))
		.where(
			and(
				eq(serviceRequests.customerId, input.customerId),
				// Without an id, the customer means their latest estimate; an answered one is reported as such.
				input.estimateId !== undefined
					? eq(estimates.id, input.estimateId)
					: ne(estimates.status, 'superseded')
			)
		)
		.orderBy(desc(estimates.id))
		.limit(1);
	if (!estimate)
		return { outcome: 'no_pending', replies: [{ key: 'notify.reply.noPendingEstimate' }] };
	if (estimate.status !== 'pending')
		return {
			outcome: 'already_answered',
			replies: [{ key: 'notify.reply.estimateAlreadyAnswered' }],
			requestId: estimate.requestId
		};
	try {
		await recordCustomerAnswer(await channelActor(input.via), estimate.id, {
			decision: input.decision,
			via: input.via
		});
	} catch (error) {
		// Two answers raced (double tap, SMS and Telegram together): the loser is told it is done.
		if (error instanceof AppError && error.status === 409)
			return {
				outcome: 'already_answered',
				replies: [{ key: 'notify.reply.estimateAlreadyAnswered' }],
				requestId: estimate.requestId
			};
		throw error;
	}
	return {
		outcome: 'answered',
		requestId: estimate.requestId,
		replies: [
			{
				key:
					input.decision === 'approve'
						? 'notify.reply.estimateApproved'
						: 'notify.reply.estimateRejected',
				params: { formNumber: estimate.formNumber }
			}
		]
	};
}

/** Sets or clears a customer's opt-out of non-essential messages. */
export async function setOptOut(customerId: number, optOut: boolean): Promise<void> {
	const db = await getDb();
	await db
		.update(customers)
		.set({ marketingOptOut: optOut, updatedAt: new Date() })
		.where(eq(customers.id, customerId));
}

/** A unit of the customer with its newest warranty. */
export interface CustomerUnit {
	unitId: number;
	serial: string;
	product: string;
	warranty: {
		serial: string;
		state: WarrantyView['state'];
		active: boolean;
		endsOn: Date | null;
	} | null;
}

/** Units the customer owns or holds a warranty for, newest first. */
export async function customerUnits(customerId: number, locale: Locale): Promise<CustomerUnit[]> {
	const db = await getDb();
	const held = db
		.select({ id: warranties.unitId })
		.from(warranties)
		.where(eq(warranties.customerId, customerId));
	const rows = await db
		.select({
			id: units.id,
			serial: units.serial,
			productFa: products.nameFa,
			productEn: products.nameEn
		})
		.from(units)
		.innerJoin(products, eq(products.id, units.productId))
		.where(or(eq(units.ownerId, customerId), inArray(units.id, held)))
		.orderBy(desc(units.id))
		.limit(30);
	if (!rows.length) return [];
	const views = (
		await selectWarrantyViews(db).where(
			and(
				inArray(
					warranties.unitId,
					rows.map((r) => r.id)
				),
				isNotNull(warranties.unitId)
			)
		)
	).map((r) => toWarrantyView(r));
	return rows.map((r) => {
		const w = views.filter((v) => v.unit.id === r.id).sort((a, b) => b.id - a.id)[0];
		return {
			unitId: r.id,
			serial: r.serial,
			product: locale === 'fa' ? r.productFa : r.productEn,
			warranty: w ? { serial: w.serial, state: w.state, active: w.active, endsOn: w.endsOn } : null
		};
	});
}

/** Where a customer should bring a unit: the branch of their latest request, else the first open branch. */
async function branchFor(customerId: number) {
	const db = await getDb();
	const [last] = await db
		.select({ branchId: serviceRequests.branchId })
		.from(serviceRequests)
		.where(eq(serviceRequests.customerId, customerId))
		.orderBy(desc(serviceRequests.id))
		.limit(1);
	const [branch] = await db
		.select()
		.from(branches)
		.where(last ? eq(branches.id, last.branchId) : eq(branches.active, true))
		.orderBy(branches.id)
		.limit(1);
	return branch ?? null;
}

/**
 * Opens a request for one of the customer's units from its description, as a draft with
 * channel Telegram: reception submits it when the unit arrives, which sends the "received"
 * message. Returns the reply telling the customer where and when to bring it.
 */
export async function createOnlineRequest(input: {
	customerId: number;
	unitId: number;
	complaint: string;
	via: Via;
	locale: Locale;
}): Promise<{ requestId: number; replies: Reply[] } | null> {
	const db = await getDb();
	const mine = await customerUnits(input.customerId, input.locale);
	const unit = mine.find((u) => u.unitId === input.unitId);
	if (!unit) return null;
	const [unitRow] = await db.select().from(units).where(eq(units.id, unit.unitId));
	const branch = await branchFor(input.customerId);
	if (!unitRow || !branch) return null;
	const request = await receiveRequest(await channelActor(input.via), {
		by: 'product_serial',
		key: unitRow.serial,
		productId: unitRow.productId,
		branchId: branch.id,
		channel: input.via,
		customerId: input.customerId,
		complaint: input.complaint.slice(0, 2000),
		submit: false
	});
	return {
		requestId: request.id,
		replies: [
			{
				key: 'notify.bot.requestCreated',
				params: {
					formNumber: request.formNumber,
					branch: input.locale === 'fa' ? branch.nameFa : branch.nameEn,
					address: branch.address || '—',
					hours:
						formatOpeningHours(
							branch.weeklyHours as Record<string, [number, number][]>,
							input.locale
						) || '—'
				}
			}
		]
	};
}

/** The customer with this id, or null. */
export async function customerById(id: number): Promise<Customer | null> {
	const db = await getDb();
	const [row] = await db.select().from(customers).where(eq(customers.id, id));
	return row ?? null;
}

/** Formats a number for a reply in the locale's digits. */
export function replyNumber(value: number, locale: Locale): string {
	return formatNumber(value, locale);
}
