import path from 'node:path';

/** Where global-setup.ts serves the built app during the end-to-end run (E2E_PORT to run two suites side by side). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://localhost:${E2E_PORT}`;

/** Scratch directory of one end-to-end run: the server's PGlite files, its log, the setup link. */
export const E2E_DATA_DIR = path.resolve(import.meta.dirname, '.data');
export const SETUP_LINK_FILE = path.join(E2E_DATA_DIR, 'setup-link.txt');
export const SERVER_LOG_FILE = path.join(E2E_DATA_DIR, 'server.log');
export const SERVER_PID_FILE = path.join(E2E_DATA_DIR, 'server.pid');

/** Path secret of the inbound SMS webhook on the end-to-end server (KAVENEGAR_INBOUND_SECRET). */
export const E2E_SMS_INBOUND_SECRET = 'e2e-inbound-sms-secret';
