/** OpenAPI descriptions of the organisation endpoints: branches, holidays, counters, agencies. */
import { z } from 'zod';
import { registerEndpoint } from '../http/openapi';
import { agencyCreateSchema, agencyListQuery, agencyUpdateSchema } from './agencies';
import {
	branchCreateSchema,
	branchListQuery,
	branchUpdateSchema,
	holidayListQuery,
	holidaySchema
} from './branches';
import { counterCreateSchema, counterListQuery, counterUpdateSchema } from './counters';

const view = { area: 'catalog', level: 'view' } as const;
const manage = { area: 'admin', level: 'manage' } as const;
const timestamp = z.iso.datetime();
const page = <T extends z.ZodType>(item: T) =>
	z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const scoped =
	'A user limited to one branch sees and changes only that branch (others answer 404).';

const branchOut = z
	.object({
		id: z.number(),
		code: z.string(),
		nameFa: z.string(),
		nameEn: z.string(),
		city: z.string(),
		address: z.string(),
		phone: z.string(),
		weeklyHours: z
			.record(z.string(), z.array(z.tuple([z.number(), z.number()])))
			.describe('"0" = Saturday … "6" = Friday'),
		active: z.boolean(),
		createdAt: timestamp,
		updatedAt: timestamp
	})
	.meta({ id: 'Branch' });
const holidayOut = z
	.object({
		id: z.number(),
		branchId: z.number().nullable(),
		date: z.string(),
		jalali: z.string(),
		title: z.string(),
		createdAt: timestamp
	})
	.meta({ id: 'Holiday' });
const counterOut = z
	.object({
		id: z.number(),
		branchId: z.number(),
		branchCode: z.string().optional(),
		code: z.string(),
		name: z.string(),
		active: z.boolean()
	})
	.meta({ id: 'Counter' });
const agencyOut = z
	.object({
		id: z.number(),
		code: z.string(),
		name: z.string(),
		branchId: z.number(),
		branchCode: z.string().optional(),
		city: z.string(),
		mobile: z.string(),
		active: z.boolean(),
		createdAt: timestamp
	})
	.meta({ id: 'Agency' });

registerEndpoint({
	method: 'get',
	path: '/api/v1/branches',
	summary: 'List branches',
	description: scoped,
	tags: ['Branches'],
	permission: view,
	query: branchListQuery,
	response: page(branchOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/branches',
	summary: 'Create a branch (starts on the usual Saturday–Thursday week)',
	tags: ['Branches'],
	permission: manage,
	body: branchCreateSchema,
	response: branchOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/branches/{id}',
	summary: 'Get a branch',
	description: scoped,
	tags: ['Branches'],
	permission: view,
	response: branchOut
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/branches/{id}',
	summary: 'Change a branch, including its weekly working hours',
	tags: ['Branches'],
	permission: manage,
	body: branchUpdateSchema,
	response: branchOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/branches/holidays',
	summary: 'Holidays of a branch (its own and the nationwide ones), optionally of one Jalali year',
	tags: ['Branches'],
	permission: view,
	query: holidayListQuery,
	response: z.object({ items: z.array(holidayOut) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/branches/holidays',
	summary: 'Add a holiday to a branch, or to every branch with `branchId: null`',
	tags: ['Branches'],
	permission: manage,
	body: holidaySchema,
	response: holidayOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'delete',
	path: '/api/v1/branches/holidays/{id}',
	summary: 'Remove a holiday',
	tags: ['Branches'],
	permission: manage
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/counters',
	summary: 'List reception counters',
	description: scoped,
	tags: ['Counters'],
	permission: view,
	query: counterListQuery,
	response: page(counterOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/counters',
	summary: 'Create a counter (code unique within its branch)',
	tags: ['Counters'],
	permission: manage,
	body: counterCreateSchema,
	response: counterOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/counters/{id}',
	summary: 'Rename, renumber or (de)activate a counter',
	tags: ['Counters'],
	permission: manage,
	body: counterUpdateSchema,
	response: counterOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/agencies',
	summary: 'List agencies',
	description: scoped,
	tags: ['Agencies'],
	permission: view,
	query: agencyListQuery,
	response: page(agencyOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/agencies',
	summary: 'Create an agency under a branch',
	tags: ['Agencies'],
	permission: manage,
	body: agencyCreateSchema,
	response: agencyOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/agencies/{id}',
	summary: 'Change or (de)activate an agency',
	tags: ['Agencies'],
	permission: manage,
	body: agencyUpdateSchema,
	response: agencyOut,
	conflict: true
});
