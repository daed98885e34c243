import { isFinal } from '#lib/domain/lifecycle';
import { invoiceList } from '#lib/server/billing/views';
import { listDocuments } from '#lib/server/stock/documents';
import { can, type Actor } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import { formToObject, runAction } from '#lib/server/http/forms';
import { addAttachment } from '#lib/server/service/attachments';
import {
	cancelRequest,
	deliver,
	markSorted,
	replaceUnit,
	returnUnrepaired
} from '#lib/server/service/closing';
import { declareEstimate, recordCustomerAnswer } from '#lib/server/service/estimates';
import { fieldError } from '#lib/server/service/errors';
import { issueOrder, reassignOrder } from '#lib/server/service/orders';
import { getRequestDetail } from '#lib/server/service/queries';
import { submitDraft, updateRequestDetails } from '#lib/server/service/reception';
import { getRequestTimeline } from '#lib/server/service/timeline';
import {
	branchCalendar,
	describeTimeline,
	listOrderFormChoices,
	listPartOptions,
	listServiceOptions,
	listTechnicianChoices,
	productNames,
	userNames
} from '#lib/server/service/ui-queries';
import { logWork, qcReview, startRepair } from '#lib/server/service/work';
import type { RequestEvent } from '@sveltejs/kit';
import { nestForm } from '../form-input';
import { loadOrFail, pathId } from '../page-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'requests', 'view');
	const locale = event.locals.locale;
	const id = pathId(locale, event.params.id);
	const detail = await loadOrFail(locale, () => getRequestDetail(actor, id));
	const { request } = detail;
	const status = request.status;
	const activeOrder =
		[...detail.orders].reverse().find((o) => o.status === 'open' || o.status === 'in_progress') ??
		null;
	const moveNames = new Set(detail.moves.map((m) => m.name));
	const mine =
		activeOrder !== null &&
		(activeOrder.technicianId === actor.user.id || can(actor, 'worklogs', 'manage'));
	const pendingEstimate = detail.estimates.find((e) => e.status === 'pending') ?? null;
	const submittedLog = detail.workLogs.find((l) => l.status === 'submitted') ?? null;

	// What this user may do now: the lifecycle's permitted moves, narrowed by who holds the order.
	const allowed = {
		submit: moveNames.has('submit'),
		issueOrder: moveNames.has('issue_order'),
		reassign: activeOrder !== null && can(actor, 'orders', 'edit') && !isFinal(status),
		diagnose: status === 'awaiting_cost' && mine && can(actor, 'worklogs', 'edit'),
		answer:
			status === 'awaiting_cost' &&
			pendingEstimate !== null &&
			(moveNames.has('approve_cost') || moveNames.has('reject_cost')),
		startRepair: moveNames.has('start_repair') && mine,
		logWork: moveNames.has('log_work') && mine,
		qc: moveNames.has('qc_approve') && submittedLog !== null,
		returnUnrepaired:
			status === 'cost_rejected' && (moveNames.has('mark_ready') || moveNames.has('sort')),
		markSorted: status === 'awaiting_sorting' && moveNames.has('mark_ready'),
		deliver: moveNames.has('deliver'),
		replace: moveNames.has('replace') && request.unitId !== null,
		cancel: moveNames.has('cancel'),
		edit: !isFinal(status) && can(actor, 'requests', 'edit')
	};
	const needsParts = allowed.diagnose || allowed.logWork;
	const [timeline, technicians, orderChoices, services, parts, calendar, invoices, stockDocs] =
		await Promise.all([
			describeTimeline(await getRequestTimeline(actor, id)),
			allowed.issueOrder || allowed.reassign ? listTechnicianChoices(actor, request.branchId) : [],
			allowed.issueOrder ? listOrderFormChoices() : null,
			listServiceOptions(),
			needsParts ? listPartOptions(request.productId) : [],
			allowed.issueOrder ? branchCalendar(request.branchId) : null,
			// The money and stock this request caused, for those who may see them.
			can(actor, 'invoices', 'view') ? invoiceList(actor, { requestId: id }) : [],
			can(actor, 'stock', 'view') ? listDocuments(actor, { requestId: id }) : []
		]);
	const productIds = [
		...detail.estimates.flatMap((e) => e.lines.map((l) => l.productId)),
		...detail.workLogs.flatMap((l) => l.parts.map((p) => p.productId))
	].filter((v): v is number => v !== null);
	const [products, reviewers] = await Promise.all([
		productNames(productIds),
		userNames(detail.workLogs.map((l) => l.review?.reviewerId ?? null))
	]);
	return {
		detail,
		timeline,
		activeOrder,
		pendingEstimateId: pendingEstimate?.id ?? null,
		submittedLogId: submittedLog?.id ?? null,
		allowed,
		technicians: technicians.map(({ id, displayName }) => ({ id, displayName })),
		orderChoices,
		services,
		parts,
		calendar,
		invoices,
		stockDocuments: stockDocs.map(({ id, number, kind, status, postedAt, createdAt }) => ({
			id,
			number,
			kind,
			status,
			at: postedAt ?? createdAt
		})),
		names: { products, reviewers }
	};
};

type Raw = Record<string, unknown>;
type Step = (actor: Actor, id: number, raw: Raw) => Promise<unknown>;

/** One form action: parse the posted form, run the service step, report which form it was. */
function step(
	area: Parameters<typeof requirePagePermission>[1],
	level: Parameters<typeof requirePagePermission>[2],
	run: Step
) {
	return async (event: RequestEvent<{ id: string }>) => {
		const actor = requirePagePermission(event, area, level);
		const id = pathId(event.locals.locale, event.params.id);
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				await run(actor, id, raw);
				return { done: typeof raw._form === 'string' ? raw._form : 'ok' };
			},
			raw
		);
	};
}

const str = (raw: Raw, key: string) => (typeof raw[key] === 'string' ? raw[key] : '');

export const actions: Actions = {
	submit: step('requests', 'edit', (actor, id, raw) =>
		submitDraft(actor, id, { version: str(raw, 'version') })
	),
	edit: step('requests', 'edit', (actor, id, raw) =>
		updateRequestDetails(actor, id, {
			version: str(raw, 'version'),
			delivererName: str(raw, 'delivererName'),
			complaint: str(raw, 'complaint'),
			accessories: str(raw, 'accessories'),
			condition: str(raw, 'condition'),
			expectedAt: str(raw, 'expectedAt'),
			needsSorting: raw.needsSorting === 'on'
		})
	),
	issueOrder: step('orders', 'edit', (actor, id, raw) =>
		issueOrder(actor, {
			requestId: id,
			technicianId: str(raw, 'technicianId'),
			priorityId: str(raw, 'priorityId'),
			serviceId: str(raw, 'serviceId'),
			workTypeId: str(raw, 'workTypeId'),
			serviceTypeId: str(raw, 'serviceTypeId'),
			note: str(raw, 'note'),
			version: str(raw, 'version')
		})
	),
	reassign: step('orders', 'edit', (actor, _id, raw) =>
		reassignOrder(actor, Number(str(raw, 'orderId')), {
			technicianId: str(raw, 'technicianId'),
			reason: str(raw, 'reason'),
			version: str(raw, 'orderVersion')
		})
	),
	noCost: step('worklogs', 'edit', (actor, id, raw) =>
		declareEstimate(actor, {
			requestId: id,
			noCharge: true,
			note: str(raw, 'note'),
			version: str(raw, 'version')
		})
	),
	estimate: step('worklogs', 'edit', (actor, id, raw) => {
		const input = nestForm(raw, ['lines']);
		return declareEstimate(actor, {
			requestId: id,
			lines: input.lines,
			note: str(raw, 'note'),
			version: str(raw, 'version')
		});
	}),
	answer: step('requests', 'edit', (actor, _id, raw) =>
		recordCustomerAnswer(actor, Number(str(raw, 'estimateId')), {
			decision: str(raw, 'decision'),
			via: 'staff',
			note: str(raw, 'note'),
			version: str(raw, 'version')
		})
	),
	startRepair: step('worklogs', 'edit', (actor, id, raw) =>
		startRepair(actor, id, { version: str(raw, 'version') })
	),
	logWork: step('worklogs', 'edit', (actor, id, raw) => {
		const input = nestForm(raw, ['parts']);
		return logWork(actor, { ...input, requestId: id, orderId: str(raw, 'orderId') });
	}),
	qc: step('qc', 'edit', (actor, _id, raw) =>
		qcReview(actor, Number(str(raw, 'workLogId')), {
			decision: str(raw, 'decision'),
			reason: str(raw, 'reason'),
			score: str(raw, 'score'),
			version: str(raw, 'version')
		})
	),
	returnUnrepaired: step('requests', 'edit', (actor, id, raw) =>
		returnUnrepaired(actor, id, { version: str(raw, 'version') })
	),
	markSorted: step('requests', 'edit', (actor, id, raw) =>
		markSorted(actor, id, { version: str(raw, 'version') })
	),
	deliver: step('requests', 'edit', (actor, id, raw) =>
		deliver(actor, id, {
			receivedByName: str(raw, 'receivedByName'),
			oneTimeCodeVerified: raw.oneTimeCodeVerified === 'on',
			note: str(raw, 'note'),
			version: str(raw, 'version')
		})
	),
	replace: step('requests', 'manage', (actor, id, raw) =>
		replaceUnit(actor, id, {
			newSerial: str(raw, 'newSerial'),
			reason: str(raw, 'reason'),
			version: str(raw, 'version')
		})
	),
	attach: async (event) => {
		const actor = requirePagePermission(event, 'requests', 'edit');
		const id = pathId(event.locals.locale, event.params.id);
		const form = await event.request.formData();
		const files = form.getAll('file').filter((f): f is File => f instanceof File && f.size > 0);
		return runAction(
			event.locals.locale,
			async () => {
				if (!files.length) throw fieldError('file', 'validation.required');
				for (const file of files)
					await addAttachment(actor, id, {
						name: file.name,
						bytes: new Uint8Array(await file.arrayBuffer())
					});
				return { done: 'attach' };
			},
			{ _form: 'attach' }
		);
	},
	cancel: step('requests', 'manage', (actor, id, raw) =>
		cancelRequest(actor, id, { reason: str(raw, 'reason'), version: str(raw, 'version') })
	)
};
