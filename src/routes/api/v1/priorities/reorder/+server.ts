import { definitionReorder } from '#lib/server/catalog/definition-api';

export const { POST } = definitionReorder('priority');
