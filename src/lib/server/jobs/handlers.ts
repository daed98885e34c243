/**
 * Job kinds this app knows and the context function that works each. A kind missing here is never
 * claimed, so a process running older code leaves newer kinds for the processes that know them.
 */
import { runWarrantyImportJob, WARRANTY_IMPORT_JOB } from '../warranty/import';
import type { JobHandler } from './types';

export const JOB_HANDLERS: Record<string, JobHandler> = {
	[WARRANTY_IMPORT_JOB]: (ctx) => runWarrantyImportJob(ctx)
};
