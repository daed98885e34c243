/**
 * Bulk intake (پذیرش گروهی): one list with its gapless list number, and one request per line.
 * Every line is checked before anything is written; one bad line means nothing is created and
 * the answer lists every bad line with its reason.
 */
import { eq } from 'drizzle-orm';
import { jalaliYearOf } from '#lib/domain/jalali';
import { normalizeSerial } from '#lib/domain/text';
import { toLocale, translate, type MessageKey } from '#lib/i18n';
import { requirePermission, type Actor } from '../auth/access';
import {
	customers,
	products,
	requestLists,
	type RequestList,
	type ServiceRequest
} from '../db/schema';
import { AppError, parseOrThrow, type FieldErrors } from '../http/errors';
import { code as productCodeSchema } from '../catalog/inputs';
import { parseBulkText, type BulkLine } from './bulk-parse';
import { inTransaction, type ServiceContext } from './context';
import { fieldError } from './errors';
import { formatListNumber, listScope, nextNumber } from './numbering';
import { recordServiceChange } from './record';
import {
	insertRequest,
	resolvePlacement,
	resolveReceptionTarget,
	type Placement,
	type ReceptionTarget
} from './reception';
import { refreshReplacementFlag } from './replacement';
import { isAgencyCustomer } from './scope';
import { BULK_MAX_LINES, bulkIntakeSchema, type BulkIntakeInput } from './schemas';
import { transitionRequest } from './transition';

/** One refused line of a bulk list. */
export interface BulkLineError {
	/** Position in the list (0-based), as in the `lines.<index>.serial` field path. */
	index: number;
	/** Line of the pasted text or uploaded file (1-based). */
	line: number;
	serial: string;
	field: 'serial' | 'productCode' | 'complaint';
	key: MessageKey;
	params?: Record<string, string | number>;
}

interface CheckedLine {
	source: BulkLine;
	productId?: number;
	target: ReceptionTarget;
	complaint: string;
	customerId: number | null;
}

async function productIdByCode(
	ctx: ServiceContext,
	text: string | undefined
): Promise<number | null | undefined> {
	if (!text) return undefined;
	const parsed = productCodeSchema.safeParse(text);
	if (!parsed.success) return null;
	const [row] = await ctx.tx
		.select({ id: products.id })
		.from(products)
		.where(eq(products.code, parsed.data));
	return row?.id ?? null;
}

async function checkLine(
	ctx: ServiceContext,
	source: BulkLine,
	input: BulkIntakeInput,
	placement: Placement,
	createUnit: boolean
): Promise<CheckedLine | Omit<BulkLineError, 'index'>> {
	const base = { line: source.line, serial: source.serial };
	const productId = await productIdByCode(ctx, source.productCode);
	if (productId === null)
		return { ...base, field: 'productCode', key: 'service.error.productNotFound' };
	let target: ReceptionTarget;
	try {
		// A serial on a list is usually a warranty serial; failing that, a product serial.
		target = await resolveReceptionTarget(
			ctx.tx,
			{ by: 'warranty_serial', key: source.serial },
			{ now: ctx.now, createUnit }
		);
	} catch (error) {
		if (!(error instanceof AppError)) throw error;
		try {
			target = await resolveReceptionTarget(
				ctx.tx,
				{ by: 'product_serial', key: source.serial, productId },
				{ now: ctx.now, createUnit }
			);
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			const key = error.fields?.productId?.key ?? 'service.error.bulkNotFound';
			return {
				...base,
				field: 'serial',
				key: key === 'service.error.unitNotFound' ? 'service.error.bulkNotFound' : key
			};
		}
	}
	if (!target.product.serviceable || !target.product.active)
		return { ...base, field: 'serial', key: 'service.error.notServiceable' };
	const complaint = source.complaint ?? input.complaint ?? '';
	if ((input.submit ?? true) && !complaint.trim())
		return { ...base, field: 'complaint', key: 'service.error.complaintRequired' };
	const customerId = input.customerId ?? target.ownerId;
	if (customerId === null && placement.agencyId === null)
		return { ...base, field: 'serial', key: 'service.error.customerRequired' };
	return { source, productId: productId ?? undefined, target, complaint, customerId };
}

function isError(
	value: CheckedLine | Omit<BulkLineError, 'index'>
): value is Omit<BulkLineError, 'index'> {
	return 'key' in value;
}

/** The 422 listing every refused line, with messages in the actor's language for the report. */
function bulkError(actor: Actor, errors: BulkLineError[]): AppError {
	const locale = toLocale(actor.user.locale);
	const fields: FieldErrors = {};
	for (const e of errors) fields[`lines.${e.index}.${e.field}`] = { key: e.key, params: e.params };
	return new AppError(422, 'bulk_invalid', 'service.error.bulkInvalid', undefined, fields, {
		lines: errors.map((e) => ({ ...e, message: translate(locale, e.key, e.params) }))
	});
}

/** The result of a bulk intake: the list and its requests in line order. */
export interface BulkResult {
	list: RequestList;
	requests: ServiceRequest[];
}

/** Receives a bulk list inside the caller's transaction; see receiveBulkList. */
export async function receiveBulkListInTx(
	ctx: ServiceContext,
	input: BulkIntakeInput
): Promise<BulkResult> {
	const { tx, actor, now } = ctx;
	const lines: BulkLine[] = input.lines?.length
		? input.lines.map((l, i) => ({ line: i + 1, ...l }))
		: parseBulkText(input.text ?? '');
	if (!lines.length) throw fieldError('lines', 'service.error.bulkEmpty');
	if (lines.length > BULK_MAX_LINES)
		throw fieldError('lines', 'service.error.bulkTooMany', { max: BULK_MAX_LINES });
	const placement = await resolvePlacement(ctx, input);
	if (input.customerId !== undefined) {
		const [row] = await tx
			.select({ id: customers.id })
			.from(customers)
			.where(eq(customers.id, input.customerId));
		if (!row) throw fieldError('customerId', 'service.error.customerNotFound');
		// An agency may name only its own customers by id.
		if (
			placement.agencyId !== null &&
			ctx.actor.user.agencyId !== null &&
			!(await isAgencyCustomer(tx, placement.agencyId, row.id))
		)
			throw fieldError('customerId', 'service.error.customerNotFound');
	}

	// First pass writes nothing, so a bad line cannot leave half a list behind.
	const errors: BulkLineError[] = [];
	const seen = new Map<string, number>();
	for (const [index, source] of lines.entries()) {
		const key = `${normalizeSerial(source.serial)}|${source.productCode ?? ''}`;
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			errors.push({
				index,
				line: source.line,
				serial: source.serial,
				field: 'serial',
				key: 'service.error.bulkDuplicate',
				params: { line: earlier }
			});
			continue;
		}
		seen.set(key, source.line);
		const checked = await checkLine(ctx, source, input, placement, false);
		if (isError(checked)) errors.push({ index, ...checked });
	}
	if (errors.length) throw bulkError(actor, errors);

	const jalaliYear = jalaliYearOf(now);
	const seq = await nextNumber(tx, listScope(placement.branch.id, jalaliYear));
	const [list] = await tx
		.insert(requestLists)
		.values({
			branchId: placement.branch.id,
			jalaliYear,
			seq,
			listNumber: formatListNumber(placement.branch.code, jalaliYear, seq),
			agencyId: placement.agencyId,
			counterId: placement.counterId,
			channel: placement.channel,
			delivererName: input.delivererName ?? '',
			note: input.note ?? '',
			createdBy: actor.user.id,
			createdAt: now
		})
		.returning();
	const requests: ServiceRequest[] = [];
	for (const source of lines) {
		const checked = (await checkLine(ctx, source, input, placement, true)) as CheckedLine;
		let request = await insertRequest(
			ctx,
			placement,
			checked.target,
			{
				customerId: checked.customerId,
				delivererName: input.delivererName ?? '',
				complaint: checked.complaint,
				accessories: source.accessories ?? input.accessories ?? '',
				condition: source.condition ?? input.condition ?? '',
				expectedAt: null,
				needsSorting: false
			},
			list!.id
		);
		if (input.submit ?? true) {
			request = await transitionRequest(tx, actor, request.id, 'awaiting_assignment', {
				now,
				locked: request
			});
		}
		const flag = await refreshReplacementFlag(ctx, request.id);
		requests.push({ ...request, replacementFlag: flag.flagged, replacementReasons: flag.reasons });
	}
	await recordServiceChange(tx, actor.user.id, {
		entityType: 'request_list',
		entityId: list!.id,
		action: 'created',
		branchId: placement.branch.id,
		changes: {
			listNumber: list!.listNumber,
			agencyId: list!.agencyId,
			requestIds: requests.map((r) => r.id)
		}
	});
	return { list: list!, requests };
}

/**
 * Receives many units as one list (typed, scanned, pasted or CSV lines): each line becomes its
 * own request under the list's number. All or nothing: any bad line (unknown or duplicate
 * serial, missing complaint, no customer) refuses the whole list with a per-line report.
 */
export async function receiveBulkList(actor: Actor, raw: unknown, now?: Date): Promise<BulkResult> {
	requirePermission(actor, 'requests', 'edit');
	const input = parseOrThrow(bulkIntakeSchema, raw);
	return inTransaction(actor, (ctx) => receiveBulkListInTx(ctx, input), now);
}
