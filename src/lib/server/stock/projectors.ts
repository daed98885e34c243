/**
 * Hooks the stock documents onto the service path without the service code knowing about stock:
 * each projector runs inside the transaction of the service step that emitted the event, so the
 * documents exist exactly when the step does. Branches without warehouses are left alone.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	estimates,
	serviceRequests,
	stockDocuments,
	stockMoves,
	units,
	workLogParts,
	type StockDocumentKind
} from '../db/schema';
import { registerProjector, type DomainEventInput } from '../events/record';
import { draftDocumentInTx, postDocumentInTx } from './documents';
import { findWarehouse } from './warehouses';

const FINAL_STATUSES = ['delivered', 'replaced', 'cancelled'];

function actorOf(event: DomainEventInput): number | null {
	const id = event.payload?.actorId;
	return typeof id === 'number' ? id : null;
}

async function loadRequest(tx: Executor, requestId: number) {
	const [request] = await tx
		.select()
		.from(serviceRequests)
		.where(eq(serviceRequests.id, requestId));
	return request ?? null;
}

/** Whether the parts of this request are on the warranty (no charge) or sold to the customer. */
export async function isWarrantyRepair(tx: Executor, requestId: number): Promise<boolean> {
	const request = await loadRequest(tx, requestId);
	if (!request) return false;
	const [latest] = await tx
		.select()
		.from(estimates)
		.where(and(eq(estimates.requestId, requestId), ne(estimates.status, 'superseded')))
		.orderBy(desc(estimates.id))
		.limit(1);
	// The estimate is what the customer agreed to; coverage at reception only decides when the
	// technician declared nothing.
	if (latest) return latest.noCharge;
	return request.coverage === 'active' || request.coverage === 'grace';
}

/** Reception: the customer's unit enters the consignment store. */
async function receiveConsignment(tx: Executor, event: DomainEventInput): Promise<void> {
	const request = await loadRequest(tx, Number(event.aggregateId));
	if (!request) return;
	const store = await findWarehouse(tx, request.branchId, 'consignment');
	if (!store) return;
	const [unit] = request.unitId
		? await tx.select({ serial: units.serial }).from(units).where(eq(units.id, request.unitId))
		: [];
	const doc = await draftDocumentInTx(tx, actorOf(event), {
		branchId: request.branchId,
		kind: 'consignment_receipt',
		requestId: request.id,
		note: request.formNumber,
		moves: [
			{
				warehouseId: store.id,
				productId: request.productId,
				quantity: 1,
				serial: unit?.serial ?? ''
			}
		]
	});
	await postDocumentInTx(tx, actorOf(event), doc.id);
}

/** Delivery, replacement or cancellation: the unit leaves the consignment store. */
async function returnConsignment(tx: Executor, event: DomainEventInput): Promise<void> {
	const to = event.payload?.to;
	if (typeof to !== 'string' || !FINAL_STATUSES.includes(to)) return;
	const requestId = Number(event.aggregateId);
	const receipts = await tx
		.select()
		.from(stockDocuments)
		.where(
			and(
				eq(stockDocuments.requestId, requestId),
				inArray(stockDocuments.kind, ['consignment_receipt', 'consignment_return'])
			)
		);
	const received = receipts.filter(
		(d) => d.kind === 'consignment_receipt' && d.status === 'posted'
	);
	const returned = receipts.some(
		(d) => d.kind === 'consignment_return' && d.reversesId === null && d.status === 'posted'
	);
	if (received.length === 0 || returned) return;
	const moves = await tx
		.select()
		.from(stockMoves)
		.where(
			inArray(
				stockMoves.documentId,
				received.map((d) => d.id)
			)
		);
	const doc = await draftDocumentInTx(tx, actorOf(event), {
		branchId: received[0]!.branchId,
		kind: 'consignment_return',
		requestId,
		note: String(event.payload?.formNumber ?? ''),
		moves: moves.map((m) => ({
			warehouseId: m.warehouseId,
			productId: m.productId,
			quantity: -m.quantity,
			serial: m.serial
		}))
	});
	await postDocumentInTx(tx, actorOf(event), doc.id);
}

/**
 * A submitted work log with parts: the issue of the parts from the main store (warranty
 * consumption or sales) and the scrap receipt of the removed parts are drafted.
 */
async function draftWorkLogDocuments(tx: Executor, event: DomainEventInput): Promise<void> {
	const workLogId = Number(event.aggregateId);
	const requestId = Number(event.payload?.requestId);
	const request = await loadRequest(tx, requestId);
	if (!request) return;
	const parts = await tx
		.select()
		.from(workLogParts)
		.where(eq(workLogParts.workLogId, workLogId))
		.orderBy(asc(workLogParts.id));
	if (parts.length === 0) return;
	const main = await findWarehouse(tx, request.branchId, 'main');
	const scrap = await findWarehouse(tx, request.branchId, 'scrap');
	const orderId = typeof event.payload?.orderId === 'number' ? event.payload.orderId : null;
	const common = {
		branchId: request.branchId,
		requestId,
		orderId,
		workLogId,
		note: request.formNumber
	};
	if (main) {
		const kind: StockDocumentKind = (await isWarrantyRepair(tx, requestId))
			? 'warranty_issue'
			: 'sales_issue';
		await draftDocumentInTx(tx, actorOf(event), {
			...common,
			kind,
			moves: parts.map((p) => ({
				warehouseId: main.id,
				productId: p.productId,
				quantity: -p.quantity,
				serial: p.newSerial
			}))
		});
	}
	// Every fitted part replaced a defective one, which goes to the scrap store with its serial.
	if (scrap) {
		await draftDocumentInTx(tx, actorOf(event), {
			...common,
			kind: 'scrap_receipt',
			moves: parts.map((p) => ({
				warehouseId: scrap.id,
				productId: p.productId,
				quantity: p.quantity,
				serial: p.removedSerial
			}))
		});
	}
}

/**
 * QC approval: the request's drafted warranty issues and scrap receipts are posted (including
 * those of earlier rejected attempts — the parts were fitted all the same). Sales issues wait
 * for the invoice.
 */
async function postOnApproval(tx: Executor, event: DomainEventInput): Promise<void> {
	if (event.payload?.decision !== 'approved') return;
	const requestId = Number(event.payload?.requestId);
	const drafts = await tx
		.select({ id: stockDocuments.id })
		.from(stockDocuments)
		.where(
			and(
				eq(stockDocuments.requestId, requestId),
				eq(stockDocuments.status, 'draft'),
				inArray(stockDocuments.kind, ['warranty_issue', 'scrap_receipt'])
			)
		)
		.orderBy(asc(stockDocuments.id));
	for (const draft of drafts) await postDocumentInTx(tx, actorOf(event), draft.id);
}

registerProjector({
	name: 'stock.service-path',
	eventPrefixes: [
		'service_request.created',
		'service_request.status_changed',
		'work_log.submitted',
		'work_log.reviewed'
	],
	async project(tx, event) {
		if (event.type === 'service_request.created') await receiveConsignment(tx, event);
		else if (event.type === 'service_request.status_changed') await returnConsignment(tx, event);
		else if (event.type === 'work_log.submitted') await draftWorkLogDocuments(tx, event);
		else if (event.type === 'work_log.reviewed') await postOnApproval(tx, event);
	}
});
