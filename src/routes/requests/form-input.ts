/**
 * Between HTML forms and the service schemas: row editors post flat names (`lines.0.kind`,
 * `parts.1.productId`); the schemas take arrays of objects. Rows left entirely empty are
 * dropped, so an unused blank row never fails validation.
 */

type Raw = Record<string, unknown>;

/** Nests `prefix.N.field` form fields into an array of row objects, in row order. */
export function rowsFromForm(raw: Raw, prefix: string): Record<string, string>[] {
	const rows = new Map<number, Record<string, string>>();
	const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.(\\w+)$`);
	for (const [key, value] of Object.entries(raw)) {
		const match = pattern.exec(key);
		if (!match || typeof value !== 'string') continue;
		const index = Number(match[1]);
		const row = rows.get(index) ?? {};
		row[match[2]!] = value;
		rows.set(index, row);
	}
	return [...rows.entries()]
		.sort(([a], [b]) => a - b)
		.map(([, row]) => row)
		.filter((row) =>
			Object.entries(row).some(
				([field, v]) => v.trim() !== '' && field !== 'kind' && field !== 'quantity'
			)
		);
}

/** The form's fields without the row fields of `prefixes`, plus those rows as arrays. */
export function nestForm(raw: Raw, prefixes: string[]): Raw {
	const flat = Object.fromEntries(
		Object.entries(raw).filter(([key]) => !prefixes.some((p) => key.startsWith(`${p}.`)))
	);
	for (const prefix of prefixes) flat[prefix] = rowsFromForm(raw, prefix);
	return flat;
}
