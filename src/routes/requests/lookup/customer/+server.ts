import { z } from 'zod';
import { findCustomerByMobile } from '#lib/server/crm/customers';
import { apiRoute } from '#lib/server/http/api';
import type { RequestHandler } from './$types';

/** Reception's "is this mobile a known customer?" as the number is typed (any digits). */
export const GET: RequestHandler = apiRoute(
	{
		permission: { area: 'requests', level: 'edit' },
		query: z.object({ mobile: z.string().max(40) })
	},
	async ({ query }) => {
		const customer = await findCustomerByMobile(query.mobile);
		return {
			customer: customer ? { id: customer.id, name: customer.name, mobile: customer.mobile } : null
		};
	}
);
