/**
 * Uploaded import files go straight to disk under DATA_DIR/uploads while their SHA-256 is
 * computed, so neither a browser upload nor an API upload is ever held in memory whole, and the
 * background job finds the file after a restart.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { getConfig } from '../config';
import { AppError } from '../http/errors';

/** Largest accepted file; a million-row CSV is about 60 MB. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export type ImportFormat = 'csv' | 'xlsx';

export interface StoredUpload {
	path: string;
	sha256: string;
	sizeBytes: number;
	fileName: string;
	format: ImportFormat;
}

/** Where uploads wait for their jobs. */
export function uploadsDir(): string {
	return path.resolve(getConfig().DATA_DIR, 'uploads');
}

function tooLarge(): AppError {
	return new AppError(
		422,
		'file_too_large',
		'warranty.import.error.tooLarge',
		{ mb: MAX_UPLOAD_BYTES / 1024 / 1024 },
		{
			file: {
				key: 'warranty.import.error.tooLarge',
				params: { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }
			}
		}
	);
}

function fileError(
	key: 'warranty.import.error.empty' | 'warranty.import.error.xls' | 'warranty.import.error.noFile'
): AppError {
	return new AppError(422, 'bad_file', key, undefined, { file: { key } });
}

/** Keeps a file name safe to show and store: no directories, no control characters, bounded. */
function cleanFileName(name: string): string {
	const printable = [...name].filter((ch) => ch.charCodeAt(0) >= 32).join('');
	const base = path.basename(printable.replace(/\\/g, '/')).trim();
	return (base || 'upload').slice(0, 200);
}

/** Streams `source` into the uploads folder, named by its SHA-256; detects CSV vs XLSX by content. */
export async function storeUpload(source: Readable, fileName: string): Promise<StoredUpload> {
	const dir = uploadsDir();
	await mkdir(dir, { recursive: true });
	const temp = path.join(dir, `.incoming-${randomUUID()}`);
	const hash = createHash('sha256');
	let size = 0;
	let head = Buffer.alloc(0);
	const meter = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			size += chunk.length;
			if (size > MAX_UPLOAD_BYTES) return callback(tooLarge());
			if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
			hash.update(chunk);
			callback(null, chunk);
		}
	});
	try {
		await pipeline(source, meter, createWriteStream(temp));
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
	if (size === 0) {
		await rm(temp, { force: true });
		throw fileError('warranty.import.error.empty');
	}
	if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
		await rm(temp, { force: true });
		throw fileError('warranty.import.error.xls');
	}
	const format: ImportFormat = head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
		? 'xlsx'
		: 'csv';
	const sha256 = hash.digest('hex');
	const finalPath = path.join(dir, `${sha256}.${format}`);
	const exists = await stat(finalPath).then(
		() => true,
		() => false
	);
	// The same bytes uploaded again: the stored copy is identical, keep it.
	if (exists) await rm(temp, { force: true });
	else await rename(temp, finalPath);
	return { path: finalPath, sha256, sizeBytes: size, fileName: cleanFileName(fileName), format };
}

/**
 * Reads an upload from a request: `multipart/form-data` with a `file` field (browsers, curl -F),
 * or the raw file as the body (curl --data-binary) named by `fallbackName`. Other multipart
 * fields come back as text.
 */
export async function storeRequestUpload(
	request: Request,
	fallbackName = 'upload.csv'
): Promise<{ upload: StoredUpload; fields: Record<string, string> }> {
	if (!request.body) throw fileError('warranty.import.error.noFile');
	const contentType = request.headers.get('content-type') ?? '';
	const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
	if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
		return { upload: await storeUpload(body, fallbackName), fields: {} };
	}
	return new Promise((resolve, reject) => {
		const fields: Record<string, string> = {};
		let stored: Promise<StoredUpload> | null = null;
		let parser: busboy.Busboy;
		try {
			parser = busboy({
				headers: { 'content-type': contentType },
				limits: { files: 1, fileSize: MAX_UPLOAD_BYTES + 1, fields: 20 }
			});
		} catch {
			reject(fileError('warranty.import.error.noFile'));
			return;
		}
		parser.on('field', (name, value) => {
			fields[name] = value;
		});
		parser.on('file', (name, stream, info) => {
			if (name !== 'file' || stored) {
				stream.resume();
				return;
			}
			stored = storeUpload(stream, info.filename || fallbackName);
			// Avoid an unhandled rejection before 'close' picks it up.
			stored.catch(() => {});
		});
		parser.on('error', (error) =>
			reject(error instanceof Error ? error : new Error(String(error)))
		);
		parser.on('close', () => {
			if (!stored) return reject(fileError('warranty.import.error.noFile'));
			stored.then((upload) => resolve({ upload, fields }), reject);
		});
		body.on('error', reject);
		body.pipe(parser);
	});
}

/** Deletes a stored upload; a file already gone is fine. */
export async function removeUpload(filePath: string | null): Promise<void> {
	if (filePath) await rm(filePath, { force: true });
}
