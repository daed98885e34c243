import { definitionCollection } from '#lib/server/catalog/definition-api';

export const { GET, POST } = definitionCollection('service');
