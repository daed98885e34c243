/**
 * Job kinds this app knows and the context function that works each. A kind missing here is never
 * claimed, so a process running older code leaves newer kinds for the processes that know them.
 */
import { runWarrantyImportJob, WARRANTY_IMPORT_JOB } from '../warranty/import';
import { runTelegramUpdateJob } from '#bots/telegram/jobs';
import { DELIVER_JOB, runDeliveryJob } from '../notify/deliveries';
import { SMS_INBOUND_JOB, TELEGRAM_UPDATE_JOB, runSmsInboundJob } from '../notify/inbound';
import { runWebhookDeliveryJob, WEBHOOK_DELIVERY_JOB } from '../webhooks/deliveries';
import type { JobHandler } from './types';

export const JOB_HANDLERS: Record<string, JobHandler> = {
	[WEBHOOK_DELIVERY_JOB]: (ctx) => runWebhookDeliveryJob(ctx),
	[WARRANTY_IMPORT_JOB]: (ctx) => runWarrantyImportJob(ctx),
	[DELIVER_JOB]: (ctx) => runDeliveryJob(ctx),
	[SMS_INBOUND_JOB]: (ctx) => runSmsInboundJob(ctx),
	[TELEGRAM_UPDATE_JOB]: (ctx) => runTelegramUpdateJob(ctx)
};
