import { json } from '@sveltejs/kit';
import { pingDatabase } from '#lib/server/db';

export async function GET() {
	const { ok, driver } = await pingDatabase();
	return json({ status: ok ? 'ok' : 'unavailable', db: driver }, { status: ok ? 200 : 503 });
}
