import type { Actor } from '#lib/server/auth/access';
import type { Locale } from '#lib/i18n';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			actor: Actor | null;
			locale: Locale;
		}
	}
}

export {};
