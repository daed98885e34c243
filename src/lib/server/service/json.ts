/** JSON has no bigint: amounts in Rials go out as decimal strings (exact, unlike numbers). */
export function toJson<T>(value: T): unknown {
	if (typeof value === 'bigint') return value.toString();
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map(toJson);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(v)])
		);
	}
	return value;
}
