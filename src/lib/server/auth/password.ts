import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

let dummyHash: Promise<string> | undefined;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** Checks a password; with no stored hash it still does the same work, so timing reveals nothing. */
export async function verifyPassword(
	storedHash: string | null,
	password: string
): Promise<boolean> {
	if (!storedHash) {
		dummyHash ??= hash('not-a-real-password-but-same-cost', OPTIONS);
		await verify(await dummyHash, password).catch(() => false);
		return false;
	}
	return verify(storedHash, password).catch(() => false);
}

/** Rejects passwords that are too weak to protect an administrator account. */
export function checkPasswordStrength(password: string): 'too_short' | 'too_common' | null {
	if (password.length < 10) return 'too_short';
	const lowered = password.toLowerCase();
	if (
		/^(.)\1+$/.test(password) ||
		['1234567890', 'password12', 'qwertyuiop', 'admin12345'].includes(lowered)
	)
		return 'too_common';
	return null;
}
