import { describe, expect, it } from 'vitest';
import { detectAttachmentType } from './attachments';

const bytes = (...values: (number | string)[]) =>
	new Uint8Array(
		values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v]))
	);

describe('attachment types', () => {
	it('recognises JPEG, PNG, WebP and PDF by their first bytes', () => {
		expect(detectAttachmentType(bytes(0xff, 0xd8, 0xff, 0xe0))?.mime).toBe('image/jpeg');
		expect(detectAttachmentType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0))?.mime).toBe(
			'image/png'
		);
		expect(detectAttachmentType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))?.mime).toBe('image/webp');
		expect(detectAttachmentType(bytes('%PDF-1.7\n'))?.mime).toBe('application/pdf');
	});

	it('refuses anything else, whatever it is called', () => {
		expect(detectAttachmentType(bytes('MZ', 0x90, 0))).toBeNull();
		expect(detectAttachmentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(detectAttachmentType(new Uint8Array())).toBeNull();
	});
});
