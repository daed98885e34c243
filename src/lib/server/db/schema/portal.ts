import { index, integer, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { customers } from './crm';
import { agencies } from './org';

/**
 * Customers an agency registered or found through its portal. An agency sees these and the
 * customers of its own requests, never anyone else's.
 */
export const agencyCustomers = pgTable(
	'agency_customer',
	{
		agencyId: integer('agency_id')
			.notNull()
			.references(() => agencies.id, { onDelete: 'cascade' }),
		customerId: integer('customer_id')
			.notNull()
			.references(() => customers.id, { onDelete: 'cascade' }),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.agencyId, t.customerId] }),
		index('agency_customer_customer_idx').on(t.customerId)
	]
);
