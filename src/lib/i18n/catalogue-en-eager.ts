/**
 * English for code that runs on the server, imported eagerly. The browser build resolves this
 * module to one exporting `undefined` (vite.config.ts), so English reaches the browser only
 * through `loadCatalogue('en')`.
 */
export { en } from './catalogue-en';
