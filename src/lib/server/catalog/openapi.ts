/** OpenAPI descriptions of the catalogue endpoints: definitions, products, BOM, units. */
import { z } from 'zod';
import { registerEndpoint } from '../http/openapi';
import { reorderSchema } from './definition-api';
import {
	definitionCreateSchemas,
	definitionListQuery,
	definitionUpdateSchemas,
	type DefinitionKind
} from './definitions';
import { idList } from './inputs';
import {
	bomLineSchema,
	categorySchema,
	productCreateSchema,
	productListQuery,
	productUpdateSchema,
	serviceabilitySchema
} from './products';
import { unitCreateSchema, unitListQuery, unitUpdateSchema } from './units';

const view = { area: 'catalog', level: 'view' } as const;
const edit = { area: 'catalog', level: 'edit' } as const;
const timestamp = z.iso.datetime();
const page = <T extends z.ZodType>(item: T) =>
	z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const definitionOut = z
	.object({
		id: z.number(),
		code: z.string(),
		nameFa: z.string(),
		nameEn: z.string(),
		active: z.boolean(),
		sortOrder: z.number(),
		createdAt: timestamp,
		updatedAt: timestamp,
		standardMinutes: z.number().nullable().optional().describe('Services only'),
		labourRials: z.string().optional().describe('Services only; integer Rials as a decimal string'),
		chargeable: z.boolean().optional().describe('Service types only'),
		slaResponseMinutes: z.number().optional().describe('Priorities only; working minutes'),
		slaResolutionMinutes: z.number().optional().describe('Priorities only; working minutes'),
		colour: z.string().optional().describe('Priorities only; #rrggbb')
	})
	.meta({ id: 'Definition' });
const removalOut = z.object({ outcome: z.enum(['deleted', 'deactivated']) }).meta({
	id: 'RemovalOutcome',
	description: 'Referenced rows are deactivated instead of deleted.'
});

const DEFINITION_PATHS: [string, DefinitionKind, string, string][] = [
	['services', 'service', 'Services', 'service'],
	['work-types', 'work_type', 'Work types', 'work type'],
	['service-types', 'service_type', 'Service types', 'service type'],
	['priorities', 'priority', 'Priorities', 'priority']
];
for (const [path, kind, tag, noun] of DEFINITION_PATHS) {
	const base = `/api/v1/${path}`;
	registerEndpoint({
		method: 'get',
		path: base,
		summary: `List ${tag.toLowerCase()} in display order`,
		tags: [tag],
		permission: view,
		query: definitionListQuery,
		response: page(definitionOut)
	});
	registerEndpoint({
		method: 'post',
		path: base,
		summary: `Create a ${noun}`,
		tags: [tag],
		permission: edit,
		body: definitionCreateSchemas[kind],
		response: definitionOut,
		status: 201,
		conflict: true
	});
	registerEndpoint({
		method: 'get',
		path: `${base}/{id}`,
		summary: `Get a ${noun}`,
		tags: [tag],
		permission: view,
		response: definitionOut
	});
	registerEndpoint({
		method: 'patch',
		path: `${base}/{id}`,
		summary: `Change a ${noun} (names, code, targets, active flag)`,
		tags: [tag],
		permission: edit,
		body: definitionUpdateSchemas[kind],
		response: definitionOut,
		conflict: true
	});
	registerEndpoint({
		method: 'delete',
		path: `${base}/{id}`,
		summary: `Delete a ${noun}, or deactivate it when something refers to it`,
		tags: [tag],
		permission: edit,
		response: removalOut
	});
	registerEndpoint({
		method: 'post',
		path: `${base}/reorder`,
		summary: `Put ${tag.toLowerCase()} in a new order (unmentioned ones follow)`,
		tags: [tag],
		permission: edit,
		body: reorderSchema,
		response: z.object({ items: z.array(definitionOut) })
	});
}

const productOut = z
	.object({
		id: z.number(),
		code: z.string(),
		nameFa: z.string(),
		nameEn: z.string(),
		categoryId: z.number().nullable(),
		categoryFa: z.string().nullable().optional(),
		categoryEn: z.string().nullable().optional(),
		isPart: z.boolean(),
		serialised: z.boolean(),
		serviceable: z.boolean(),
		priceRials: z.string().describe('Integer Rials as a decimal string'),
		active: z.boolean(),
		version: z.number(),
		createdAt: timestamp,
		updatedAt: timestamp
	})
	.meta({ id: 'Product' });
const serviceRef = z.object({
	id: z.number(),
	code: z.string(),
	nameFa: z.string(),
	nameEn: z.string(),
	active: z.boolean()
});
const categoryOut = z
	.object({
		id: z.number(),
		code: z.string(),
		nameFa: z.string(),
		nameEn: z.string(),
		active: z.boolean()
	})
	.meta({ id: 'ProductCategory' });
const bomLineOut = z
	.object({
		id: z.number(),
		partId: z.number(),
		partCode: z.string(),
		partNameFa: z.string(),
		partNameEn: z.string(),
		partPriceRials: z.string(),
		partActive: z.boolean(),
		quantity: z.number(),
		note: z.string()
	})
	.meta({ id: 'BomLine' });

registerEndpoint({
	method: 'get',
	path: '/api/v1/products',
	summary: 'List products and parts by code (filter by text, category, serviceable, part, active)',
	tags: ['Products'],
	permission: view,
	query: productListQuery,
	response: page(productOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/products',
	summary: 'Create a product or part',
	tags: ['Products'],
	permission: edit,
	body: productCreateSchema,
	response: productOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/products/{id}',
	summary: 'Get a product with the services attached to it',
	tags: ['Products'],
	permission: view,
	response: productOut.extend({ services: z.array(serviceRef) })
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/products/{id}',
	summary: 'Change a product; send `version` to refuse overwriting a newer save (409 stale)',
	tags: ['Products'],
	permission: edit,
	body: productUpdateSchema,
	response: productOut,
	conflict: true
});
registerEndpoint({
	method: 'delete',
	path: '/api/v1/products/{id}',
	summary: 'Delete a product, or deactivate it when units, BOMs or documents refer to it',
	tags: ['Products'],
	permission: edit,
	response: removalOut
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/products/serviceability',
	summary: 'Turn serviceability on or off for a selection and/or a whole category',
	description:
		'One transaction. `changed` counts only the items whose flag actually changed; an unknown id changes nothing (422).',
	tags: ['Products'],
	permission: edit,
	body: serviceabilitySchema,
	response: z.object({ changed: z.number(), ids: z.array(z.number()) })
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/products/categories',
	summary: 'List product categories',
	tags: ['Products'],
	permission: view,
	response: z.object({ items: z.array(categoryOut) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/products/categories',
	summary: 'Create a product category',
	tags: ['Products'],
	permission: edit,
	body: categorySchema,
	response: categoryOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/products/categories/{id}',
	summary: 'Rename or (de)activate a category',
	tags: ['Products'],
	permission: edit,
	body: categorySchema.partial(),
	response: categoryOut,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/products/{id}/services',
	summary: 'Services offered for a product or part',
	tags: ['Products'],
	permission: view,
	response: z.object({ items: z.array(serviceRef) })
});
registerEndpoint({
	method: 'put',
	path: '/api/v1/products/{id}/services',
	summary: 'Replace the set of services attached to a product or part',
	tags: ['Products'],
	permission: edit,
	body: z.object({ serviceIds: idList }),
	response: z.object({
		added: z.array(z.number()),
		removed: z.array(z.number()),
		items: z.array(serviceRef)
	})
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/products/{id}/bom',
	summary: 'The parts list (BOM) of a product',
	tags: ['BOM'],
	permission: view,
	response: z.object({ items: z.array(bomLineOut) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/products/{id}/bom',
	summary: 'Add a part to the BOM, or change its quantity',
	description:
		'The part is named by `partId` or `partCode`; it must be a part, not the product itself, and must not contain the product in its own BOM.',
	tags: ['BOM'],
	permission: edit,
	body: bomLineSchema,
	response: z.object({ items: z.array(bomLineOut) })
});
registerEndpoint({
	method: 'delete',
	path: '/api/v1/products/{id}/bom/{partId}',
	summary: 'Remove a part from the BOM',
	tags: ['BOM'],
	permission: edit,
	response: z.object({ items: z.array(bomLineOut) })
});

const unitOut = z
	.object({
		id: z.number(),
		productId: z.number(),
		productCode: z.string(),
		productNameFa: z.string(),
		productNameEn: z.string(),
		serial: z.string(),
		saleDate: timestamp.nullable(),
		activationDate: timestamp.nullable(),
		ownerId: z.number().nullable(),
		ownerName: z.string().nullable(),
		ownerMobile: z.string().nullable(),
		replacesUnitId: z.number().nullable(),
		createdAt: timestamp,
		updatedAt: timestamp
	})
	.meta({ id: 'Unit' });
registerEndpoint({
	method: 'get',
	path: '/api/v1/units',
	summary: 'List units, newest first (serial or its beginning, product, owner)',
	tags: ['Units'],
	permission: view,
	query: unitListQuery,
	response: page(unitOut)
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/units',
	summary: 'Register a unit; a serial is unique per product whatever digits or separators are used',
	tags: ['Units'],
	permission: edit,
	body: unitCreateSchema,
	response: unitOut,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/units/{id}',
	summary: 'Get a unit',
	tags: ['Units'],
	permission: view,
	response: unitOut
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/units/{id}',
	summary: 'Correct a unit or change its owner (kept in history)',
	tags: ['Units'],
	permission: edit,
	body: unitUpdateSchema,
	response: unitOut,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/units/import',
	summary: 'Import units from CSV, all or nothing',
	description:
		'Send the CSV as the body (`text/csv`), as JSON `{ "csv": "…" }`, or as a multipart `file`. Columns: product code, serial, ' +
		'sale date (Jalali or ISO), owner mobile, owner name (optional; creates the customer). A header line is optional. ' +
		'If any line is bad nothing is imported and 422 `import_failed` lists `error.rows` = [{ line, field, message }]. At most 5,000 lines.',
	tags: ['Units'],
	permission: edit,
	body: z.object({ csv: z.string() }),
	response: z.object({ created: z.number(), customersCreated: z.number() }),
	status: 201
});
