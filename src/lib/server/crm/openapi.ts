/** OpenAPI descriptions of the CRM endpoints. */
import { z } from 'zod';
import { registerEndpoint } from '../http/openapi';
import { customerCreateSchema, customerListQuery, customerUpdateSchema } from './customers';

const timestamp = z.iso.datetime();
const customerOut = z
	.object({
		id: z.number(),
		name: z.string(),
		mobile: z.string().describe('+989xxxxxxxxx'),
		nationalId: z.string().nullable(),
		address: z.string(),
		locale: z.enum(['fa', 'en']),
		telegramChatId: z.string().nullable(),
		marketingOptOut: z.boolean(),
		nameNorm: z.string(),
		version: z.number(),
		createdAt: timestamp,
		updatedAt: timestamp
	})
	.meta({ id: 'Customer' });
const duplicate =
	'A mobile already on file (in any form) answers 409 `duplicate_mobile` with `error.existing` = { id, name, mobile } to offer instead.';

registerEndpoint({
	method: 'get',
	path: '/api/v1/customers',
	summary: 'Find customers by mobile (any form or its beginning), national id or name',
	tags: ['Customers'],
	permission: { area: 'requests', level: 'view' },
	query: customerListQuery,
	response: z.object({ items: z.array(customerOut), nextCursor: z.string().nullable() })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/customers',
	summary: 'Create a customer from name and mobile',
	description: duplicate,
	tags: ['Customers'],
	permission: { area: 'requests', level: 'edit' },
	body: customerCreateSchema,
	response: customerOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/customers/{id}',
	summary: 'Get a customer',
	tags: ['Customers'],
	permission: { area: 'requests', level: 'view' },
	response: customerOut
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/customers/{id}',
	summary: 'Change a customer; send `version` to refuse overwriting a newer save',
	description: duplicate,
	tags: ['Customers'],
	permission: { area: 'requests', level: 'edit' },
	body: customerUpdateSchema,
	response: customerOut,
	conflict: true
});
