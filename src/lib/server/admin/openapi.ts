import { z } from 'zod';
import { registerEndpoint } from '#lib/server/http/openapi';
import {
	groupCreateSchema,
	groupOutSchema,
	groupUpdateSchema,
	passwordResetSchema,
	roleCreateSchema,
	roleOutSchema,
	roleUpdateSchema,
	userCreateSchema,
	userListQuerySchema,
	userOutSchema,
	userPageOutSchema,
	userUpdateSchema
} from './schemas';

const view = { area: 'admin', level: 'view' } as const;
const manage = { area: 'admin', level: 'manage' } as const;

registerEndpoint({
	method: 'get',
	path: '/api/v1/users',
	summary: 'List users (search, filter, cursor pagination)',
	tags: ['Users'],
	permission: view,
	query: userListQuerySchema,
	response: userPageOutSchema
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/users',
	summary: 'Create a user with roles, groups, branch scope and direct grants',
	tags: ['Users'],
	permission: manage,
	body: userCreateSchema,
	response: userOutSchema,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/users/{id}',
	summary: 'Get a user with direct and effective grants',
	tags: ['Users'],
	permission: view,
	response: userOutSchema
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/users/{id}',
	summary: 'Update a user; `version` must be the one read, else 409 stale',
	description:
		'Fields left out stay as they are; `roleIds`, `groupIds` and `grants` replace the whole set. ' +
		'Setting `active: false` ends the user’s sessions. The last active administrator cannot be ' +
		'deactivated or lose the admin role (409 last_admin).',
	tags: ['Users'],
	permission: manage,
	body: userUpdateSchema,
	response: userOutSchema,
	conflict: true
});
registerEndpoint({
	method: 'delete',
	path: '/api/v1/users/{id}',
	summary: 'Deactivate a user (users are never erased; history keeps referring to them)',
	tags: ['Users'],
	permission: manage,
	response: userOutSchema,
	conflict: true
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/users/{id}/password',
	summary: 'Set a new password and end the user’s sessions',
	tags: ['Users'],
	permission: manage,
	body: passwordResetSchema
});

registerEndpoint({
	method: 'get',
	path: '/api/v1/roles',
	summary: 'List roles with their grant matrices',
	tags: ['Roles'],
	permission: view,
	response: z.object({ items: z.array(roleOutSchema) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/roles',
	summary: 'Create a custom role',
	tags: ['Roles'],
	permission: manage,
	body: roleCreateSchema,
	response: roleOutSchema,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/roles/{id}',
	summary: 'Get a role',
	tags: ['Roles'],
	permission: view,
	response: roleOutSchema
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/roles/{id}',
	summary: 'Rename a role or replace its grant matrix',
	tags: ['Roles'],
	permission: manage,
	body: roleUpdateSchema,
	response: roleOutSchema,
	conflict: true
});
registerEndpoint({
	method: 'delete',
	path: '/api/v1/roles/{id}',
	summary: 'Delete a custom role (built-in roles: 409)',
	tags: ['Roles'],
	permission: manage,
	conflict: true
});

registerEndpoint({
	method: 'get',
	path: '/api/v1/user-groups',
	summary: 'List user groups with members and grants',
	tags: ['User groups'],
	permission: view,
	response: z.object({ items: z.array(groupOutSchema) })
});
registerEndpoint({
	method: 'post',
	path: '/api/v1/user-groups',
	summary: 'Create a user group',
	tags: ['User groups'],
	permission: manage,
	body: groupCreateSchema,
	response: groupOutSchema,
	status: 201,
	conflict: true
});
registerEndpoint({
	method: 'get',
	path: '/api/v1/user-groups/{id}',
	summary: 'Get a user group',
	tags: ['User groups'],
	permission: view,
	response: groupOutSchema
});
registerEndpoint({
	method: 'patch',
	path: '/api/v1/user-groups/{id}',
	summary: 'Rename a group, replace its members or its grants',
	tags: ['User groups'],
	permission: manage,
	body: groupUpdateSchema,
	response: groupOutSchema,
	conflict: true
});
registerEndpoint({
	method: 'delete',
	path: '/api/v1/user-groups/{id}',
	summary: 'Delete a user group',
	tags: ['User groups'],
	permission: manage
});
