import { normalizePersian, normalizeSerial } from '#lib/domain/text';

/** What a request is found by, before folding. */
export interface SearchParts {
	/** Form number, list number, serials, codes: also indexed without separators. */
	identifiers: readonly (string | null | undefined)[];
	/** Names, mobile, complaint: folded Persian text. */
	texts: readonly (string | null | undefined)[];
}

/**
 * The request's search_text: every identifier in its written and its separator-free form (so
 * `ABC-123`, `abc123` and `۱۲۳` find it) and every text folded by normalizePersian (ی/ي, ک/ك,
 * half-spaces), joined by spaces and de-duplicated.
 */
export function buildSearchText(parts: SearchParts): string {
	const tokens: string[] = [];
	for (const id of parts.identifiers) {
		if (!id?.trim()) continue;
		tokens.push(normalizePersian(id), normalizeSerial(id).toLowerCase());
	}
	for (const text of parts.texts) {
		if (text?.trim()) tokens.push(normalizePersian(text));
	}
	return [...new Set(tokens.filter(Boolean))].join(' ');
}
