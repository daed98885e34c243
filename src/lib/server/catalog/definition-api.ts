/**
 * REST handlers shared by the four definition endpoints (/services, /work-types,
 * /service-types, /priorities); each route file only names its kind.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { apiRoute } from '../http/api';
import {
	createDefinition,
	definitionCreateSchemas,
	definitionListQuery,
	definitionToJson,
	definitionUpdateSchemas,
	getDefinition,
	listDefinitions,
	removeDefinition,
	reorderDefinitions,
	updateDefinition,
	type DefinitionKind
} from './definitions';
import { idList, pathId } from './inputs';
import { mapPage } from './paging';

const view = { area: 'catalog', level: 'view' } as const;
const edit = { area: 'catalog', level: 'edit' } as const;

/** Body of a reorder request: every id in the wanted order (unmentioned ones follow). */
export const reorderSchema = z.object({ ids: idList });

/** GET (list) and POST (create) of a definition collection. */
export function definitionCollection(kind: DefinitionKind) {
	return {
		GET: apiRoute({ permission: view, query: definitionListQuery }, async ({ query }) =>
			mapPage(await listDefinitions(kind, query), definitionToJson)
		),
		POST: apiRoute(
			{ permission: edit, body: definitionCreateSchemas[kind] },
			async ({ actor, body }) =>
				json(definitionToJson(await createDefinition(kind, body, actor.user.id)), { status: 201 })
		)
	};
}

/** GET, PATCH and DELETE (delete, or deactivate when referenced) of one definition. */
export function definitionItem(kind: DefinitionKind) {
	const id = (event: RequestEvent) => pathId(event.params.id);
	return {
		GET: apiRoute({ permission: view }, async ({ event }) =>
			definitionToJson(await getDefinition(kind, id(event)))
		),
		PATCH: apiRoute(
			{ permission: edit, body: definitionUpdateSchemas[kind] },
			async ({ event, actor, body }) =>
				definitionToJson(await updateDefinition(kind, id(event), body, actor.user.id))
		),
		DELETE: apiRoute({ permission: edit }, async ({ event, actor }) => ({
			outcome: await removeDefinition(kind, id(event), actor.user.id)
		}))
	};
}

/** POST of a new order for a definition kind. */
export function definitionReorder(kind: DefinitionKind) {
	return {
		POST: apiRoute({ permission: edit, body: reorderSchema }, async ({ actor, body }) => ({
			items: (await reorderDefinitions(kind, body.ids, actor.user.id)).map(definitionToJson)
		}))
	};
}
