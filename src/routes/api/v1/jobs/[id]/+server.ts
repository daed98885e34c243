import { apiRoute } from '#lib/server/http/api';
import { unauthorized } from '#lib/server/http/errors';
import { getJobForActor, jobToJson } from '#lib/server/jobs/view';

// Any signed-in user may ask; only the job's creator or an administrator gets an answer.
export const GET = apiRoute({ permission: false }, async ({ event, actor, locale }) => {
	if (!actor) throw unauthorized();
	return jobToJson(await getJobForActor(event.params.id!, actor), locale);
});
