import { isMessageKey, translate, type Locale } from '#lib/i18n';
import { can, type Actor } from '../auth/access';
import type { Job } from '../db/schema';
import { notFound } from '../http/errors';
import { getJob } from './queue';

/** A job its owner (or an administrator) may read; anyone else gets the same 404 as for no job. */
export async function getJobForActor(id: string, actor: Actor): Promise<Job> {
	const job = await getJob(id);
	if (!job || (job.createdBy !== actor.user.id && !can(actor, 'admin', 'manage'))) throw notFound();
	return job;
}

/** The API and page form of a job: state, progress, report, and a translated failure. */
export function jobToJson(job: Job, locale: Locale) {
	return {
		id: job.id,
		kind: job.kind,
		status: job.status,
		progress: job.progress,
		total: job.total,
		detail: job.detail,
		report: job.report ?? null,
		error: job.error
			? {
					code: job.error,
					message: isMessageKey(job.error)
						? translate(
								locale,
								job.error,
								(job.report?.errorParams ?? undefined) as
									Record<string, string | number> | undefined
							)
						: job.error
				}
			: null,
		attempts: job.attempts,
		createdAt: job.createdAt.toISOString(),
		startedAt: job.startedAt?.toISOString() ?? null,
		finishedAt: job.finishedAt?.toISOString() ?? null
	};
}
