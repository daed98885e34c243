/** OpenAPI description of the warranty routes and of the job status route they hand out. */
import { z } from 'zod';
import { registerEndpoint } from '#lib/server/http/openapi';
import { IMPORT_ERROR_KINDS, IMPORT_FIELDS } from './import-parse';
import {
	importQuerySchema,
	lookupQuerySchema,
	warrantyActivateSchema,
	warrantyAssignSchema,
	warrantyCreateSchema,
	warrantyDeactivateSchema,
	warrantyListQuerySchema,
	warrantyTypeCreateSchema,
	warrantyTypeUpdateSchema,
	warrantyUpdateSchema,
	WARRANTY_STATES
} from './schemas';

const view = { area: 'warranty', level: 'view' } as const;
const edit = { area: 'warranty', level: 'edit' } as const;
const tags = ['Warranty'];
const day = z.iso.datetime().nullable();

const typeOut = z
	.object({
		id: z.number(),
		code: z.string(),
		nameFa: z.string(),
		nameEn: z.string(),
		months: z.number(),
		days: z.number(),
		startRule: z.enum(['sale', 'registration', 'activation']),
		coverage: z.enum(['parts', 'labour', 'both']),
		graceDays: z.number(),
		active: z.boolean(),
		version: z.number(),
		warrantyCount: z.number().optional()
	})
	.meta({ id: 'WarrantyType' });

const person = z.object({ id: z.number(), name: z.string(), mobile: z.string() });

const warrantyOut = z
	.object({
		id: z.number(),
		serial: z.string(),
		active: z.boolean(),
		inactiveReason: z.string().nullable(),
		version: z.number(),
		type: typeOut.pick({
			id: true,
			code: true,
			nameFa: true,
			nameEn: true,
			coverage: true,
			startRule: true,
			months: true,
			days: true,
			graceDays: true
		}),
		unit: z.object({
			id: z.number(),
			serial: z.string(),
			productId: z.number(),
			productCode: z.string(),
			productNameFa: z.string(),
			productNameEn: z.string()
		}),
		customer: person.nullable(),
		saleDate: day,
		registeredAt: day,
		activatedAt: day,
		startsOn: day.describe('Tehran midnight of the first covered day; null while pending'),
		endsOn: day.describe('Tehran midnight of the last covered day (the whole day is covered)'),
		graceEndsOn: day,
		state: z.enum(WARRANTY_STATES).describe('`active` means covered today'),
		daysLeft: z.number().nullable(),
		importId: z.number().nullable()
	})
	.meta({ id: 'Warranty' });

const assignmentOut = z.object({
	id: z.number(),
	customer: person.nullable(),
	previousCustomer: person.nullable(),
	note: z.string(),
	actorName: z.string().nullable(),
	at: z.iso.datetime()
});

const rowError = z.object({ kind: z.enum(IMPORT_ERROR_KINDS), field: z.enum(IMPORT_FIELDS) });

const importReport = z
	.object({
		mode: z.enum(['preview', 'commit']),
		importId: z.number(),
		fileName: z.string(),
		format: z.enum(['csv', 'xlsx']),
		alreadyImported: z
			.boolean()
			.describe('The same file (by SHA-256) was imported before; nothing was created now'),
		hasHeader: z.boolean(),
		totalRows: z.number(),
		validRows: z.number().describe('Rows created (commit) or that would be created (preview)'),
		errorRows: z.number(),
		errorCounts: z.record(z.enum(IMPORT_ERROR_KINDS), z.number()),
		errors: z
			.array(z.object({ row: z.number(), serial: z.string(), errors: z.array(rowError) }))
			.describe('First 1,000 rows with errors, by row number (header = row 1)'),
		preview: z
			.array(z.record(z.string(), z.unknown()))
			.describe('First 50 rows as read, with their errors'),
		created: z.number(),
		unitsCreated: z.number(),
		customersCreated: z.number(),
		durationMs: z.number()
	})
	.meta({ id: 'WarrantyImportReport' });

const jobOut = z
	.object({
		id: z.uuid(),
		kind: z.string(),
		status: z.enum(['queued', 'running', 'succeeded', 'failed']),
		progress: z.number(),
		total: z.number(),
		detail: z.record(z.string(), z.unknown()),
		report: z.union([importReport, z.record(z.string(), z.unknown())]).nullable(),
		error: z.object({ code: z.string(), message: z.string() }).nullable(),
		attempts: z.number(),
		createdAt: z.iso.datetime(),
		startedAt: z.iso.datetime().nullable(),
		finishedAt: z.iso.datetime().nullable()
	})
	.meta({ id: 'Job' });

registerEndpoint({
	method: 'get',
	path: '/api/v1/warranty-types',
	summary: 'List warranty types with how many warranties use each',
	tags,
	permission: view,
	response: z.object({ items: z.array(typeOut) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/warranty-types',
	summary: 'Define a warranty type',
	tags,
	permission: edit,
	body: warrantyTypeCreateSchema,
	response: typeOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/warranty-types/{id}',
	summary: 'Get a warranty type',
	tags,
	permission: view,
	response: typeOut
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/warranty-types/{id}',
	summary: 'Edit a warranty type',
	description:
		'Names, coverage and the active flag can always change. Duration, start rule and grace days cannot once warranties use the type (409 type_in_use). With `version`, a stale edit is 409 stale.',
	tags,
	permission: edit,
	body: warrantyTypeUpdateSchema,
	response: typeOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/warranties',
	summary: 'List warranties (newest first, cursor pagination, filters)',
	tags,
	permission: view,
	query: warrantyListQuerySchema,
	response: z.object({ items: z.array(warrantyOut), nextCursor: z.string().nullable() })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/warranties',
	summary: 'Issue one warranty',
	description:
		'The unit is given by id or by product code + serial (created when new). A customer mobile links the card to that customer (created when new), which counts as registration.',
	tags,
	permission: edit,
	body: warrantyCreateSchema,
	response: warrantyOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/warranties/{id}',
	summary: 'Get a warranty with its assignment history',
	tags,
	permission: view,
	response: warrantyOut.extend({ assignments: z.array(assignmentOut) })
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/warranties/{id}',
	summary: 'Change type or trigger dates; start and end are recomputed',
	description:
		'Send a date to start a warranty waiting for registration or activation; an empty string or null clears it.',
	tags,
	permission: edit,
	body: warrantyUpdateSchema,
	response: warrantyOut,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/warranties/{id}/assign',
	summary: 'Assign or reassign a warranty to the customer with a mobile',
	description:
		'An unknown mobile needs `name` to create the customer (422 customer_not_found otherwise). Every assignment is kept in the history.',
	tags,
	permission: edit,
	body: warrantyAssignSchema,
	response: warrantyOut.extend({ assignments: z.array(assignmentOut) }),
	conflict: true
});
const bulkOut = z.object({ changed: z.number(), unchanged: z.number(), missing: z.number() });
registerEndpoint({
	method: 'post',
	path: '/api/v1/warranties/activate',
	summary: 'Activate a selection of warranties',
	tags,
	permission: edit,
	body: warrantyActivateSchema,
	response: bulkOut
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/warranties/deactivate',
	summary: 'Deactivate a selection of warranties with a reason',
	tags,
	permission: edit,
	body: warrantyDeactivateSchema,
	response: bulkOut
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/warranties/lookup',
	summary: 'Look a warranty up by warranty serial or product serial',
	description:
		'Any digits and separators. Returns every matching unit with its product, owner, warranties (dates, days left, state) and past service requests.',
	tags,
	permission: view,
	query: lookupQuerySchema,
	response: z.object({ query: z.string(), matches: z.array(z.record(z.string(), z.unknown())) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/warranties/import',
	summary: 'Upload a CSV or XLSX of warranty serials; returns a job id',
	description:
		'Send the file as multipart/form-data field `file`, or as the raw request body (then name it with `filename`). ' +
		'Columns: warranty serial, product code, product serial, type (code or name), optional sale date (Jalali or ISO) and customer mobile. ' +
		'`mode=preview` checks every row and creates nothing; `mode=commit` imports the valid rows in one transaction. ' +
		'The same file twice is one batch (SHA-256) and imports once. Follow progress and read the per-row report at GET /api/v1/jobs/{job}.',
	tags,
	permission: edit,
	query: importQuerySchema,
	response: z.object({
		importId: z.number(),
		jobId: z.uuid(),
		alreadyImported: z.boolean(),
		mode: z.enum(['preview', 'commit']),
		statusUrl: z.string()
	}),
	status: 202
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/jobs/{job}',
	summary: 'Progress and report of a background job',
	description:
		'Only the user who started the job, or an administrator, can read it (404 for anyone else). Progress is also pushed live as Socket.IO `job:progress` events to the starter’s sockets.',
	tags: ['Jobs'],
	permission: false,
	response: jobOut,
	errors: [401]
});
