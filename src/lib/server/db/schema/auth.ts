import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies, branches } from './org';

export const users = pgTable('app_user', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	/** Stored lower-case and normalised so sign-in is case- and digit-form-insensitive. */
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	passwordHash: text('password_hash'),
	locale: text('locale', { enum: ['fa', 'en'] })
		.notNull()
		.default('fa'),
	/** Null means every branch; otherwise the user sees only this branch's work. */
	branchId: integer('branch_id').references(() => branches.id),
	/** Set for external agency users, who see only what their agency sent in. */
	agencyId: integer('agency_id').references(() => agencies.id),
	mobile: text('mobile'),
	personnelNo: text('personnel_no'),
	active: boolean('active').notNull().default(true),
	version: integer('version').notNull().default(1),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const sessions = pgTable(
	'session',
	{
		/** SHA-256 of the token, hex; the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['web', 'api'] }).notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export const roles = pgTable('role', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	key: text('key').notNull().unique(),
	nameFa: text('name_fa').notNull(),
	nameEn: text('name_en').notNull(),
	builtIn: boolean('built_in').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const userGroups = pgTable('user_group', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	name: text('name').notNull().unique(),
	description: text('description').notNull().default(''),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** One grant = (holder, area, level); a holder is exactly one of role, group or user. */
export const grants = pgTable(
	'grant',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		roleId: integer('role_id').references(() => roles.id, { onDelete: 'cascade' }),
		groupId: integer('group_id').references(() => userGroups.id, { onDelete: 'cascade' }),
		userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
		area: text('area').notNull(),
		level: text('level', { enum: ['view', 'edit', 'manage'] }).notNull()
	},
	(t) => [
		index('grant_role_idx').on(t.roleId),
		index('grant_group_idx').on(t.groupId),
		index('grant_user_idx').on(t.userId)
	]
);

export const userRoles = pgTable(
	'user_role',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		roleId: integer('role_id')
			.notNull()
			.references(() => roles.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.userId, t.roleId] })]
);

export const userGroupMembers = pgTable(
	'user_group_member',
	{
		groupId: integer('group_id')
			.notNull()
			.references(() => userGroups.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.groupId, t.userId] })]
);

export const setupTokens = pgTable('setup_token', {
	id: text('id').primaryKey(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	usedAt: timestamp('used_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const loginAttempts = pgTable(
	'login_attempt',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		username: text('username').notNull(),
		ip: text('ip').notNull(),
		success: boolean('success').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('login_attempt_user_idx').on(t.username, t.createdAt),
		index('login_attempt_ip_idx').on(t.ip, t.createdAt)
	]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Role = typeof roles.$inferSelect;
export type UserGroup = typeof userGroups.$inferSelect;
export type Grant = typeof grants.$inferSelect;
