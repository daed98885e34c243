/** Agencies (نمایندگی): external agents attached to a branch who send products in for service. */
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { normalizePersian } from '#lib/domain/text';
import { getDb } from '../db';
import { agencies, branches, type Agency } from '../db/schema';
import { AppError, isUniqueViolation, notFound } from '../http/errors';
import { diff, recordMasterChange } from '../catalog/changes';
import { foldedIlike } from '../catalog/definitions';
import { code, flag, id, nullable, optional, optionalText, text } from '../catalog/inputs';
import { decodeCursor, likeEscape, pageFields, toPage, type Page } from '../catalog/paging';
import { mobileField } from '../crm/customers';
import { assertInScope, getBranch } from './branches';

/** Input to create an agency. */
export const agencyCreateSchema = z.object({
	code,
	name: text(120),
	branchId: id,
	city: optional(optionalText(80)),
	mobile: nullable(mobileField),
	active: optional(flag)
});
/** Input to change an agency, including moving it to another branch. */
export const agencyUpdateSchema = agencyCreateSchema.partial();
/** Filters of the agency list. */
export const agencyListQuery = z.object({
	q: z.string().max(100).optional(),
	branch: optional(id),
	active: optional(flag),
	...pageFields
});

/** An agency with its branch's names. */
export type AgencyRow = Agency & { branchCode: string; branchNameFa: string; branchNameEn: string };

const columns = {
	id: agencies.id,
	code: agencies.code,
	name: agencies.name,
	branchId: agencies.branchId,
	city: agencies.city,
	mobile: agencies.mobile,
	active: agencies.active,
	createdAt: agencies.createdAt,
	branchCode: branches.code,
	branchNameFa: branches.nameFa,
	branchNameEn: branches.nameEn
};

/** Lists agencies by code; a branch-scoped actor sees their branch's only. */
export async function listAgencies(
	scope: number | null,
	query: z.infer<typeof agencyListQuery>
): Promise<Page<AgencyRow>> {
	if (query.branch !== undefined) assertInScope(scope, query.branch);
	const db = await getDb();
	const where: (SQL | undefined)[] = [];
	const branchId = query.branch ?? scope;
	if (branchId !== null && branchId !== undefined) where.push(eq(agencies.branchId, branchId));
	if (query.active !== undefined) where.push(eq(agencies.active, query.active));
	const q = normalizePersian(query.q ?? '');
	if (q)
		where.push(
			or(
				sql`lower(${agencies.code}) like ${`%${likeEscape(q)}%`}`,
				foldedIlike(agencies.name, q),
				foldedIlike(agencies.city, q)
			)
		);
	const after = decodeCursor(query.cursor, ['string']);
	if (after) where.push(sql`${agencies.code} > ${after[0]}`);
	const rows = await db
		.select(columns)
		.from(agencies)
		.innerJoin(branches, eq(branches.id, agencies.branchId))
		.where(and(...where))
		.orderBy(asc(agencies.code))
		.limit(query.limit + 1);
	return toPage(rows, query.limit, (r) => [r.code]);
}

async function getAgency(scope: number | null, agencyId: number): Promise<Agency> {
	const db = await getDb();
	const [row] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
	if (!row) throw notFound();
	assertInScope(scope, row.branchId);
	return row;
}

function duplicateCode(): AppError {
	return new AppError(409, 'duplicate_code', 'catalog.error.duplicateCode', undefined, {
		code: { key: 'catalog.error.duplicateCode' }
	});
}

/** Creates an agency under a branch. */
export async function createAgency(
	scope: number | null,
	input: z.infer<typeof agencyCreateSchema>,
	actorId: number | null
): Promise<Agency> {
	await getBranch(scope, input.branchId);
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(agencies)
				.values({ ...input, mobile: input.mobile ?? '' })
				.returning();
			await recordMasterChange(
				tx,
				'agency',
				row!.id,
				'created',
				actorId,
				{ ...input },
				input.branchId
			);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}

/** Changes an agency's details, branch or active flag. */
export async function updateAgency(
	scope: number | null,
	agencyId: number,
	patch: z.infer<typeof agencyUpdateSchema>,
	actorId: number | null
): Promise<Agency> {
	const current = await getAgency(scope, agencyId);
	if (patch.branchId !== undefined) await getBranch(scope, patch.branchId);
	const changes = diff(current, { ...patch, mobile: patch.mobile === null ? '' : patch.mobile });
	if (!Object.keys(changes).length) return current;
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.update(agencies)
				.set(changes)
				.where(eq(agencies.id, agencyId))
				.returning();
			await recordMasterChange(tx, 'agency', agencyId, 'updated', actorId, changes, row!.branchId);
			return row!;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw duplicateCode();
		throw error;
	}
}
