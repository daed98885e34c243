/** The English catalogue: every context's messages in one record (loaded on demand in the browser). */
import type { MessageKey } from './index';
import { en as core } from './messages/en/core';
import { en as admin } from './messages/en/admin';
import { en as service } from './messages/en/service';
import { en as catalog } from './messages/en/catalog';
import { en as crm } from './messages/en/crm';
import { en as org } from './messages/en/org';
import { en as warranty } from './messages/en/warranty';
import { en as boards } from './messages/en/boards';
import { en as search } from './messages/en/search';
import { en as serviceUi } from './messages/en/service-ui';
import { en as stock } from './messages/en/stock';
import { en as queue } from './messages/en/queue';
import { en as tracking } from './messages/en/tracking';
import { en as portal } from './messages/en/portal';
import { en as follow } from './messages/en/follow';
import { en as billing } from './messages/en/billing';
import { en as webhooks } from './messages/en/webhooks';
import { en as notify } from './messages/en/notify';
import { en as reports } from './messages/en/reports';
import { en as creditNotes } from './messages/en/credit-notes';

export const en: Record<MessageKey, string> = {
	...core,
	...admin,
	...service,
	...catalog,
	...crm,
	...org,
	...warranty,
	...boards,
	...search,
	...serviceUi,
	...stock,
	...queue,
	...tracking,
	...portal,
	...follow,
	...billing,
	...webhooks,
	...notify,
	...reports,
	...creditNotes
};
