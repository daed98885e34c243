/**
 * Photos and PDFs received with a unit. Files live under DATA_DIR/uploads/requests/<id>/ with a
 * random name; the row keeps the original name for display. Only images and PDF are accepted,
 * recognised by their first bytes (a renamed .exe is not a JPEG), and at most 10 MB each.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { removeInvisibleChars } from '#lib/domain/text';
import { requirePermission, type Actor } from '../auth/access';
import { getConfig } from '../config';
import { getDb } from '../db';
import { attachments, type Attachment } from '../db/schema';
import { notFound } from '../http/errors';
import { inTransaction } from './context';
import { fieldError } from './errors';
import { recordServiceChange } from './record';
import { loadRequest, lockRequest } from './scope';

/** Largest accepted file. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const SIGNATURES: { mime: string; ext: string; test: (b: Uint8Array) => boolean }[] = [
	{ mime: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	{
		mime: 'image/png',
		ext: 'png',
		test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)
	},
	{
		mime: 'image/webp',
		ext: 'webp',
		test: (b) =>
			String.fromCharCode(...b.slice(0, 4)) === 'RIFF' &&
			String.fromCharCode(...b.slice(8, 12)) === 'WEBP'
	},
	{
		mime: 'application/pdf',
		ext: 'pdf',
		test: (b) => String.fromCharCode(...b.slice(0, 5)) === '%PDF-'
	}
];

/** The accepted type of a file from its first bytes, or null when it is not an image or PDF. */
export function detectAttachmentType(bytes: Uint8Array): { mime: string; ext: string } | null {
	const found = SIGNATURES.find((s) => s.test(bytes));
	return found ? { mime: found.mime, ext: found.ext } : null;
}

function uploadsDir(): string {
	return path.resolve(getConfig().DATA_DIR, 'uploads');
}

/** A file name safe to show and to send back in Content-Disposition. */
function cleanName(name: string): string {
	const base = removeInvisibleChars(path.basename(name.replace(/\\/g, '/')))
		.replace(/[\p{Cc}"]/gu, '')
		.trim();
	return base.slice(0, 200) || 'file';
}

/** Stores a photo or PDF for a request (requests/edit, in the actor's scope) and records it in history. */
export async function addAttachment(
	actor: Actor,
	requestId: number,
	file: { name: string; bytes: Uint8Array },
	now?: Date
): Promise<Attachment> {
	requirePermission(actor, 'requests', 'edit');
	if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES)
		throw fieldError('file', 'service.error.attachmentTooLarge', { max: 10 });
	const type = file.bytes.byteLength > 0 ? detectAttachmentType(file.bytes) : null;
	if (!type) throw fieldError('file', 'service.error.attachmentType');
	const relative = path.posix.join('requests', String(requestId), `${randomUUID()}.${type.ext}`);
	const absolute = path.join(uploadsDir(), relative);
	await loadRequest(await getDb(), actor, requestId);
	await mkdir(path.dirname(absolute), { recursive: true });
	await writeFile(absolute, file.bytes);
	try {
		return await inTransaction(
			actor,
			async ({ tx, now: at }) => {
				const request = await lockRequest(tx, actor, requestId);
				const [row] = await tx
					.insert(attachments)
					.values({
						requestId,
						fileName: cleanName(file.name),
						mime: type.mime,
						sizeBytes: file.bytes.byteLength,
						path: relative,
						uploadedBy: actor.user.id,
						createdAt: at
					})
					.returning();
				await recordServiceChange(tx, actor.user.id, {
					entityType: 'attachment',
					entityId: row!.id,
					action: 'added',
					branchId: request.branchId,
					changes: {
						requestId,
						fileName: row!.fileName,
						mime: row!.mime,
						sizeBytes: row!.sizeBytes
					}
				});
				return row!;
			},
			now
		);
	} catch (error) {
		// No row, no file: a failed save must not leave an orphan on disk.
		await rm(absolute, { force: true });
		throw error;
	}
}

/** An attachment's row and bytes, for download by someone who may see its request. */
export async function readAttachment(
	actor: Actor,
	attachmentId: number
): Promise<{ attachment: Attachment; bytes: Uint8Array }> {
	requirePermission(actor, 'requests', 'view');
	const db = await getDb();
	const [row] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
	if (!row) throw notFound();
	await loadRequest(db, actor, row.requestId);
	const absolute = path.join(uploadsDir(), row.path);
	if (!absolute.startsWith(uploadsDir() + path.sep)) throw notFound();
	return { attachment: row, bytes: new Uint8Array(await readFile(absolute)) };
}
