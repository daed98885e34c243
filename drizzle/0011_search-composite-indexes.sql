CREATE INDEX "search_request_technician_ordered_idx" ON "search_request" USING btree ("technician_id","ordered_at");--> statement-breakpoint
-- Hand-written (drizzle cannot declare INCLUDE): the two date indexes of each search document
-- table also carry status and the filter columns, so status counts over a date range (and a
-- branch) are index-only scans. A request's date twin is received_at and an order's is
-- ordered_at (CREATED_AT_TWIN), so those are not repeated in their INCLUDE lists.
DROP INDEX "search_request_created_idx";--> statement-breakpoint
CREATE INDEX "search_request_created_idx" ON "search_request" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("status","channel","in_warranty","agency_id","counter_id","technician_id","priority_id","service_type_id","replacement_flag","resolved_late","resolved_at","due_at","ordered_at");--> statement-breakpoint
DROP INDEX "search_request_branch_created_idx";--> statement-breakpoint
CREATE INDEX "search_request_branch_created_idx" ON "search_request" USING btree ("branch_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("status","channel","in_warranty","agency_id","counter_id","technician_id","priority_id","service_type_id","replacement_flag","resolved_late","resolved_at","due_at","ordered_at");--> statement-breakpoint
DROP INDEX "search_order_created_idx";--> statement-breakpoint
CREATE INDEX "search_order_created_idx" ON "search_order" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("status","channel","in_warranty","agency_id","counter_id","technician_id","priority_id","service_type_id","replacement_flag","resolved_late","resolved_at","due_at","received_at");--> statement-breakpoint
DROP INDEX "search_order_branch_created_idx";--> statement-breakpoint
CREATE INDEX "search_order_branch_created_idx" ON "search_order" USING btree ("branch_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("status","channel","in_warranty","agency_id","counter_id","technician_id","priority_id","service_type_id","replacement_flag","resolved_late","resolved_at","due_at","received_at");--> statement-breakpoint
DROP INDEX "search_work_log_created_idx";--> statement-breakpoint
CREATE INDEX "search_work_log_created_idx" ON "search_work_log" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("status","channel","in_warranty","agency_id","counter_id","technician_id","priority_id","service_type_id","replacement_flag","resolved_late","resolved_at","due_at","received_at","ordered_at");--> statement-breakpoint
DROP INDEX "search_work_log_branch_created_idx";--> statement-breakpoint
CREATE INDEX "search_work_log_branch_created_idx" ON "search_work_log" USING btree ("branch_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("status","channel","in_warranty","agency_id","counter_id","technician_id","priority_id","service_type_id","replacement_flag","resolved_late","resolved_at","due_at","received_at","ordered_at");
