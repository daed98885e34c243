import { z } from 'zod';
import { normalizeMobile } from '#lib/domain/mobile';
import { PERMISSION_AREAS, PERMISSION_LEVELS } from '#lib/domain/permissions';
import { normalizeDigits } from '#lib/domain/text';
import { checkPasswordStrength } from '#lib/server/auth/password';
import { normalizeUsername } from '#lib/server/auth/login';
import { newPasswordSchema, usernameSchema } from '#lib/server/auth/schemas';
import { notFound } from '#lib/server/http/errors';
import { isSystemUsername } from '#lib/server/auth/system-users';

/** Area → level; an area left out means no access. */
export const grantsSchema = z
	.partialRecord(z.enum(PERMISSION_AREAS), z.enum(PERMISSION_LEVELS))
	.meta({
		id: 'Grants',
		description: 'Permission level per area; an omitted area means no access.'
	});

const idSchema = z.number().int().positive();
const idListSchema = z.array(idSchema).max(200);

/** Arabic ي/ك typed on Arabic keyboards become Persian ی/ک so names look and search alike. */
function foldLetters(value: string): string {
	return value
		.replace(/\u064A/g, '\u06CC')
		.replace(/\u0649/g, '\u06CC')
		.replace(/\u0643/g, '\u06A9');
}

const personName = z.string().trim().min(2).max(100).transform(foldLetters);

/** Any way of typing a username (Persian digits, upper case) reduces to the stored form. */
const username = z
	.string()
	.transform(normalizeUsername)
	.pipe(usernameSchema)
	// The built-in users' prefix: a person named so would be hidden from every list.
	.refine((v) => !isSystemUsername(v), 'admin.users.usernameReserved')
	.meta({ description: 'Latin letters, digits, dot, dash, underscore; stored lower-case.' });

const password = newPasswordSchema.superRefine((value, ctx) => {
	if (checkPasswordStrength(value) === 'too_common') {
		ctx.addIssue({ code: 'custom', message: 'validation.passwordWeak' });
	}
});

/** Empty input means "no mobile"; anything else must be an Iranian mobile, stored as +989…. */
const mobile = z
	.string()
	.max(32)
	.nullable()
	.transform((value, ctx) => {
		if (value === null || value.trim() === '') return null;
		const result = normalizeMobile(value);
		if (!result.ok) {
			ctx.addIssue({ code: 'custom', message: 'validation.mobile' });
			return z.NEVER;
		}
		return result.value;
	})
	.meta({ description: 'Iranian mobile in any common form; returned as +989xxxxxxxxx.' });

const personnelNo = z
	.string()
	.max(32)
	.nullable()
	.transform((value) => {
		const cleaned = value === null ? '' : normalizeDigits(value).trim();
		return cleaned === '' ? null : cleaned;
	});

const locale = z.enum(['fa', 'en']);

export const userCreateSchema = z.object({
	username,
	displayName: personName,
	password,
	mobile: mobile.optional().default(null),
	personnelNo: personnelNo.optional().default(null),
	locale: locale.default('fa'),
	/** Null = every branch. */
	branchId: idSchema.nullable().default(null),
	agencyId: idSchema.nullable().default(null),
	roleIds: idListSchema.default([]),
	groupIds: idListSchema.default([]),
	grants: grantsSchema.default({}),
	active: z.boolean().default(true)
});
export type UserCreateInput = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z.object({
	/** The version the editor started from; a different current version means someone else saved. */
	version: idSchema,
	username: username.optional(),
	displayName: personName.optional(),
	mobile: mobile.optional(),
	personnelNo: personnelNo.optional(),
	locale: locale.optional(),
	branchId: idSchema.nullable().optional(),
	agencyId: idSchema.nullable().optional(),
	roleIds: idListSchema.optional(),
	groupIds: idListSchema.optional(),
	grants: grantsSchema.optional(),
	active: z.boolean().optional()
});
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;

/** The web form may set a new password while saving; the API has its own endpoint for that. */
export const userUpdateFormSchema = userUpdateSchema.extend({ password: password.optional() });
export type UserUpdateFormInput = z.infer<typeof userUpdateFormSchema>;

export const passwordResetSchema = z.object({ password });

export const userListQuerySchema = z.object({
	q: z.string().trim().max(100).optional(),
	roleId: z.coerce.number().int().positive().optional(),
	branchId: z.coerce.number().int().positive().optional(),
	active: z.enum(['true', 'false']).optional(),
	/** Opaque position returned as `nextCursor` by the previous page. */
	cursor: z.string().regex(/^\d+$/).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50)
});
export type UserListQuery = z.input<typeof userListQuerySchema>;

const roleKey = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z][a-z0-9_]{1,39}$/, 'admin.roles.keyFormat');

export const roleCreateSchema = z.object({
	key: roleKey,
	nameFa: personName,
	nameEn: z.string().trim().min(2).max(100),
	grants: grantsSchema.default({})
});
export type RoleCreateInput = z.infer<typeof roleCreateSchema>;

export const roleUpdateSchema = z.object({
	nameFa: personName.optional(),
	nameEn: z.string().trim().min(2).max(100).optional(),
	grants: grantsSchema.optional()
});
export type RoleUpdateInput = z.infer<typeof roleUpdateSchema>;

export const groupCreateSchema = z.object({
	name: personName,
	description: z.string().trim().max(500).default(''),
	memberIds: z.array(idSchema).max(5000).default([]),
	grants: grantsSchema.default({})
});
export type GroupCreateInput = z.infer<typeof groupCreateSchema>;

export const groupUpdateSchema = z.object({
	name: personName.optional(),
	description: z.string().trim().max(500).optional(),
	memberIds: z.array(idSchema).max(5000).optional(),
	grants: grantsSchema.optional()
});
export type GroupUpdateInput = z.infer<typeof groupUpdateSchema>;

/** Deleting from a page takes a ticked confirmation box, so one stray click deletes nothing. */
export const deleteConfirmSchema = z.object({ confirm: z.literal('on') });

/** Reads a numeric path parameter; anything else is simply "not found". */
export function parseIdParam(value: string | undefined): number {
	const id = Number(normalizeDigits(value ?? ''));
	if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
	return id;
}

// Response shapes, for the OpenAPI document (handlers return these exact fields).

const roleRef = z.object({
	id: z.number(),
	key: z.string(),
	nameFa: z.string(),
	nameEn: z.string()
});
const timestamp = z.iso.datetime();

export const userOutSchema = z
	.object({
		id: z.number(),
		username: z.string(),
		displayName: z.string(),
		locale,
		branchId: z.number().nullable(),
		agencyId: z.number().nullable(),
		mobile: z.string().nullable(),
		personnelNo: z.string().nullable(),
		active: z.boolean(),
		version: z.number(),
		roles: z.array(roleRef),
		groups: z.array(z.object({ id: z.number(), name: z.string() })),
		grants: grantsSchema,
		effectiveGrants: grantsSchema,
		createdAt: timestamp,
		updatedAt: timestamp
	})
	.meta({ id: 'User' });

export const userSummaryOutSchema = z
	.object({
		id: z.number(),
		username: z.string(),
		displayName: z.string(),
		branchId: z.number().nullable(),
		agencyId: z.number().nullable(),
		active: z.boolean(),
		roles: z.array(roleRef)
	})
	.meta({ id: 'UserSummary' });

export const userPageOutSchema = z.object({
	items: z.array(userSummaryOutSchema),
	nextCursor: z.string().nullable()
});

export const roleOutSchema = z
	.object({
		id: z.number(),
		key: z.string(),
		nameFa: z.string(),
		nameEn: z.string(),
		builtIn: z.boolean(),
		memberCount: z.number(),
		grants: grantsSchema
	})
	.meta({ id: 'Role' });

export const groupOutSchema = z
	.object({
		id: z.number(),
		name: z.string(),
		description: z.string(),
		memberIds: z.array(z.number()),
		grants: grantsSchema
	})
	.meta({ id: 'UserGroup' });
