import { defineConfig } from 'drizzle-kit';

// Generation only diffs the TypeScript schema against drizzle/meta; no database is needed.
export default defineConfig({
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle',
	dialect: 'postgresql',
	casing: 'snake_case',
	strict: true,
	verbose: true
});
