/**
 * Built-in users that act for customers through a door without an account (the tracking page,
 * SMS and Telegram answers): rows history can name, never people. Their usernames start with
 * `system.`, a prefix nobody else may take, so lists and pickers of people can leave them out.
 */
import { sql, type SQL } from 'drizzle-orm';
import { users } from '../db/schema';

/** The prefix of every built-in user's username. */
export const SYSTEM_USERNAME_PREFIX = 'system.';

/** Whether a (normalised, lower-case) username is a built-in user's. */
export function isSystemUsername(username: string): boolean {
	return username.startsWith(SYSTEM_USERNAME_PREFIX);
}

/** Condition keeping people only: leaves the built-in users out of lists and pickers. */
export function notSystemUser(): SQL {
	return sql`${users.username} not like ${`${SYSTEM_USERNAME_PREFIX}%`}`;
}
