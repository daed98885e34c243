import { definitionItem } from '#lib/server/catalog/definition-api';

export const { GET, PATCH, DELETE } = definitionItem('work_type');
