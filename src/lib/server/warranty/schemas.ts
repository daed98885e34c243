/**
 * Inputs of the warranty context, shared by the REST API, the form actions and the OpenAPI
 * document. Every field accepts what people type (any digits, ی/ي) and yields canonical values.
 */
import { z } from 'zod';
import { normalizeMobile } from '#lib/domain/mobile';
import { normalizeSerial, removeInvisibleChars } from '#lib/domain/text';
import { WARRANTY_COVERAGES, WARRANTY_START_RULES } from '../db/schema';
import { code, day, flag, id, idList, int, nullable, optional, text } from '../catalog/inputs';
import { pageFields } from '../catalog/paging';

/** A warranty or product serial as printed: kept as typed (trimmed) but must have something in it. */
export const serialText = z
	.string()
	.transform((v) => removeInvisibleChars(v).trim())
	.pipe(
		z
			.string()
			.min(1)
			.max(64)
			.refine((s) => /^[A-Z0-9]+$/.test(normalizeSerial(s)), 'warranty.validation.serial')
	)
	.meta({ description: 'As printed; any digits, dashes and spaces. Compared without separators.' });

/** An Iranian mobile in any form, stored as `+989xxxxxxxxx`. */
export const mobile = z
	.string()
	.transform((v) => {
		const result = normalizeMobile(v);
		return result.ok ? result.value : 'invalid';
	})
	.pipe(z.string().regex(/^\+989\d{9}$/, 'validation.mobile'))
	.meta({ description: 'Iranian mobile in any form (09…, +989…, 00989…), any digits.' });

/** A short free text that may be left out. */
const note = z
	.string()
	.max(300)
	.optional()
	.transform((v) => (v ?? '').trim());

const startRule = z.enum(WARRANTY_START_RULES);
const coverage = z.enum(WARRANTY_COVERAGES);

const typeFields = {
	code,
	nameFa: text(120),
	nameEn: text(120),
	months: int(0, 600),
	days: int(0, 3650),
	startRule,
	coverage,
	graceDays: optional(int(0, 365)),
	active: optional(flag)
};

const positiveDuration = (v: { months?: number; days?: number }) =>
	v.months === undefined || v.days === undefined || v.months + v.days > 0;

export const warrantyTypeCreateSchema = z
	.object(typeFields)
	.refine(positiveDuration, { path: ['months'], message: 'warranty.validation.duration' })
	.meta({ id: 'WarrantyTypeCreate' });

export const warrantyTypeUpdateSchema = z
	.object({
		code: optional(code),
		nameFa: optional(text(120)),
		nameEn: optional(text(120)),
		months: optional(int(0, 600)),
		days: optional(int(0, 3650)),
		startRule: optional(startRule),
		coverage: optional(coverage),
		graceDays: optional(int(0, 365)),
		active: optional(flag),
		version: optional(int(1))
	})
	.refine(positiveDuration, { path: ['months'], message: 'warranty.validation.duration' })
	.meta({ id: 'WarrantyTypeUpdate' });

export const warrantyCreateSchema = z
	.object({
		serial: serialText,
		typeId: id,
		/** The unit by id, or by product code + product serial (created when it does not exist yet). */
		unitId: optional(id),
		productCode: optional(code),
		productSerial: optional(serialText),
		customerMobile: optional(mobile),
		saleDate: optional(day),
		registeredAt: optional(day),
		activatedAt: optional(day)
	})
	.refine((v) => v.unitId !== undefined || v.productCode !== undefined, {
		path: ['productCode'],
		message: 'validation.required'
	})
	.refine((v) => v.unitId !== undefined || v.productSerial !== undefined, {
		path: ['productSerial'],
		message: 'validation.required'
	})
	.meta({ id: 'WarrantyCreate' });

export const warrantyUpdateSchema = z
	.object({
		typeId: optional(id),
		saleDate: nullable(day),
		registeredAt: nullable(day),
		activatedAt: nullable(day),
		version: optional(int(1))
	})
	.meta({ id: 'WarrantyUpdate' });

const selection = idList.refine((ids) => ids.length > 0, 'warranty.validation.selection');

export const warrantyActivateSchema = z.object({ ids: selection }).meta({ id: 'WarrantyActivate' });

export const warrantyDeactivateSchema = z
	.object({ ids: selection, reason: text(300) })
	.meta({ id: 'WarrantyDeactivate' });

export const warrantyAssignSchema = z
	.object({
		/** The new holder's mobile; an unknown mobile needs `name` to create the customer. */
		mobile,
		name: optional(text(120)),
		note,
		version: optional(int(1))
	})
	.meta({ id: 'WarrantyAssign' });

export const WARRANTY_STATES = ['active', 'grace', 'expired', 'pending'] as const;

export const warrantyListQuerySchema = z.object({
	/** Warranty serial, product serial or customer mobile, in any digits and separators. */
	q: optional(z.string().max(100)),
	typeId: optional(id),
	state: optional(z.enum(WARRANTY_STATES)),
	active: optional(flag),
	customerId: optional(id),
	unitId: optional(id),
	importId: optional(id),
	...pageFields
});

export const lookupQuerySchema = z.object({ serial: text(100) });

export const importQuerySchema = z.object({
	mode: z.enum(['preview', 'commit']).default('preview'),
	/** File name for raw (non-multipart) uploads; decides CSV vs XLSX with the file's own bytes. */
	filename: optional(z.string().max(200))
});
