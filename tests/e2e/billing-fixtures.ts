// The money specs' shared setup through the API: a branch with its stores and parts in stock,
// staff, and a repair outside warranty whose estimate the customer approved.
import { expect, type APIRequestContext } from '@playwright/test';
import { normalizeDigits } from '#lib/domain/text';
import { ADMIN, USER_PASSWORD, apiToken, bearer, roleIds, uniqueName } from './support';

const OPEN_ALL_WEEK = Object.fromEntries(
	['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [[0, 1440]]])
);

/** POSTs JSON with a bearer token; fails the test on anything but 2xx. */
export async function post<T>(
	request: APIRequestContext,
	token: string,
	path: string,
	data: unknown
): Promise<T> {
	const response = await request.post(path, { headers: bearer(token), data });
	expect(response.status(), `POST ${path}: ${await response.text()}`).toBeLessThan(300);
	return (await response.json()) as T;
}

/** A number as the page shows it (Persian digits, separators) read back as a bigint. */
export function amount(text: string | null): bigint {
	const digits = normalizeDigits(text ?? '').replace(/[^\d-]/g, '');
	return digits ? BigInt(digits) : 0n;
}

interface Staff {
	username: string;
	id: number;
	token: string;
}

export interface ApprovedRepair {
	tag: string;
	admin: string;
	branchId: number;
	stores: { main: { id: number }; scrap: { id: number } };
	compressorId: number;
	requestId: number;
	formNumber: string;
	customerName: string;
	estimateId: number;
	accountant: Staff;
	supervisor: Staff;
}

/**
 * A branch (code `<prefix>-<tag>`) with its stores and `stock` compressors (cost 60,000,000) and
 * valves (8,000,000) in the main store; reception, dispatcher, technician (of the branch), an
 * accountant and a supervisor (of every branch); and a repair outside warranty whose estimate, a
 * compressor (85,000,000) and a valve (12,500,005, so VAT has a half Rial to round), the customer
 * approved.
 */
export async function approvedRepair(
	request: APIRequestContext,
	options: {
		prefix: string;
		stock: number;
		branchName: string;
		customerName: string;
		mobilePrefix: string;
	}
): Promise<ApprovedRepair> {
	const admin = await apiToken(request, ADMIN.username, ADMIN.password);
	const tag = uniqueName('').toUpperCase().slice(-7);
	const { prefix } = options;
	const branch = await post<{ id: number }>(request, admin, '/api/v1/branches', {
		code: `${prefix}-${tag}`,
		nameFa: `${options.branchName} ${tag}`,
		nameEn: `Branch ${prefix} ${tag}`,
		weeklyHours: OPEN_ALL_WEEK
	});
	const stores = await post<ApprovedRepair['stores']>(request, admin, '/api/v1/warehouses', {
		branchId: branch.id
	});
	const fridge = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `RF${prefix}-${tag}`,
		nameFa: 'یخچال دوقلو',
		nameEn: 'Twin fridge',
		priceRials: 400_000_000
	});
	const compressor = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `CMP${prefix}-${tag}`,
		nameFa: 'کمپرسور اینورتر',
		nameEn: 'Inverter compressor',
		isPart: true,
		priceRials: 85_000_000
	});
	const valve = await post<{ id: number }>(request, admin, '/api/v1/products', {
		code: `VL${prefix}-${tag}`,
		nameFa: 'شیر انبساط',
		nameEn: 'Expansion valve',
		isPart: true,
		priceRials: 12_500_005
	});
	const receipt = await post<{ id: number }>(request, admin, '/api/v1/stock-documents', {
		branchId: branch.id,
		kind: 'receipt',
		moves: [
			{
				warehouseId: stores.main.id,
				productId: compressor.id,
				quantity: options.stock,
				unitCostRials: '60000000'
			},
			{
				warehouseId: stores.main.id,
				productId: valve.id,
				quantity: options.stock,
				unitCostRials: '8000000'
			}
		]
	});
	await post(request, admin, `/api/v1/stock-documents/${receipt.id}/post`, {});
	const priority = await post<{ id: number }>(request, admin, '/api/v1/priorities', {
		code: `N${prefix}-${tag}`,
		nameFa: `عادی ${tag}`,
		nameEn: `Normal ${tag}`,
		slaResponseMinutes: 60,
		slaResolutionMinutes: 960
	});
	const roles = await roleIds(request, admin);
	const staff = async (role: string, branchId: number | null): Promise<Staff> => {
		const username = uniqueName(`${prefix.toLowerCase()}.${role}.`);
		const user = await post<{ id: number }>(request, admin, '/api/v1/users', {
			username,
			displayName: `${role} ${tag}`,
			password: USER_PASSWORD,
			locale: 'fa',
			roleIds: [roles.get(role)],
			branchId
		});
		return { username, id: user.id, token: await apiToken(request, username, USER_PASSWORD) };
	};
	const reception = await staff('reception', branch.id);
	const dispatcher = await staff('dispatcher', branch.id);
	const technician = await staff('technician', branch.id);
	const accountant = await staff('accountant', null);
	const supervisor = await staff('supervisor', null);
	const customerName = `${options.customerName} ${tag}`;
	const request_ = await post<{ id: number; formNumber: string }>(
		request,
		reception.token,
		'/api/v1/service-requests',
		{
			by: 'product_serial',
			key: `SN-${prefix}-${tag}`,
			productId: fridge.id,
			customerName,
			customerMobile: `${options.mobilePrefix}${String(Date.now()).slice(-7)}`,
			complaint: 'یخچال سرد نمی‌کند'
		}
	);
	await post(request, dispatcher.token, '/api/v1/service-orders', {
		requestId: request_.id,
		technicianId: technician.id,
		priorityId: priority.id
	});
	const estimate = await post<{ id: number }>(request, technician.token, '/api/v1/estimates', {
		requestId: request_.id,
		// Prices default to the parts' catalogue prices.
		lines: [
			{ kind: 'part', productId: compressor.id, quantity: 1 },
			{ kind: 'part', productId: valve.id, quantity: 1 }
		]
	});
	await post(request, reception.token, `/api/v1/estimates/${estimate.id}/answer`, {
		decision: 'approve',
		via: 'staff'
	});
	return {
		tag,
		admin,
		branchId: branch.id,
		stores,
		compressorId: compressor.id,
		requestId: request_.id,
		formNumber: request_.formNumber,
		customerName,
		estimateId: estimate.id,
		accountant,
		supervisor
	};
}
