import { translate } from '#lib/i18n';
import { can } from '#lib/server/auth/access';
import { requirePagePermission } from '#lib/server/auth/guard';
import {
	DEFINITION_KINDS,
	createDefinition,
	definitionCreateSchemas,
	definitionUpdateSchemas,
	getDefinition,
	listDefinitions,
	moveDefinition,
	removeDefinition,
	updateDefinition,
	type DefinitionKind
} from '#lib/server/catalog/definitions';
import { pathId } from '#lib/server/catalog/inputs';
import { actionActor, checked } from '#lib/server/catalog/pages';
import { AppError, parseOrThrow } from '#lib/server/http/errors';
import { formToObject, runAction } from '#lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

const SLUGS: Record<string, DefinitionKind> = {
	services: 'service',
	'work-types': 'work_type',
	'service-types': 'service_type',
	priorities: 'priority'
};

export const load: PageServerLoad = async (event) => {
	const actor = requirePagePermission(event, 'catalog', 'view');
	const kind = SLUGS[event.url.searchParams.get('tab') ?? 'services'] ?? 'service';
	const page = await listDefinitions(kind, { limit: 200 });
	return { kind, rows: page.items, canEdit: can(actor, 'catalog', 'edit') };
};

function kindOf(raw: Record<string, unknown>): DefinitionKind {
	const kind = raw.kind as DefinitionKind;
	if (!DEFINITION_KINDS.includes(kind))
		throw new AppError(422, 'validation_failed', 'error.validation');
	return kind;
}

/** Form fields as the schema expects them: the chargeable checkbox is on or off, never missing. */
function fieldsOf(kind: DefinitionKind, raw: Record<string, unknown>): Record<string, unknown> {
	const { id: _id, kind: _kind, direction: _direction, ...fields } = raw;
	void _id;
	void _kind;
	void _direction;
	return kind === 'service_type' ? { ...fields, chargeable: checked(raw, 'chargeable') } : fields;
}

export const actions: Actions = {
	create: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const kind = kindOf(raw);
				const input = parseOrThrow(definitionCreateSchemas[kind], fieldsOf(kind, raw));
				await createDefinition(kind, input, actor.user.id);
				return { message: translate(event.locals.locale, 'common.saved') };
			},
			raw
		);
	},
	update: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const kind = kindOf(raw);
				const input = parseOrThrow(definitionUpdateSchemas[kind], fieldsOf(kind, raw));
				await updateDefinition(kind, pathId(String(raw.id)), input, actor.user.id);
				return { message: translate(event.locals.locale, 'common.saved') };
			},
			raw
		);
	},
	toggle: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const kind = kindOf(raw);
				const id = pathId(String(raw.id));
				const current = await getDefinition(kind, id);
				await updateDefinition(kind, id, { active: !current.active }, actor.user.id);
				return { message: translate(event.locals.locale, 'common.saved') };
			},
			raw
		);
	},
	move: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const kind = kindOf(raw);
				await moveDefinition(
					kind,
					pathId(String(raw.id)),
					raw.direction === 'up' ? 'up' : 'down',
					actor.user.id
				);
				return { moved: true };
			},
			raw
		);
	},
	remove: async (event) => {
		const raw = formToObject(await event.request.formData());
		return runAction(
			event.locals.locale,
			async () => {
				const actor = actionActor(event, 'catalog', 'edit');
				const kind = kindOf(raw);
				const outcome = await removeDefinition(kind, pathId(String(raw.id)), actor.user.id);
				return { message: translate(event.locals.locale, `catalog.removed.${outcome}`) };
			},
			raw
		);
	}
};
