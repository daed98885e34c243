DROP INDEX "search_order_created_idx";--> statement-breakpoint
DROP INDEX "search_order_branch_created_idx";--> statement-breakpoint
DROP INDEX "search_order_status_created_idx";--> statement-breakpoint
DROP INDEX "search_request_created_idx";--> statement-breakpoint
DROP INDEX "search_request_branch_created_idx";--> statement-breakpoint
DROP INDEX "search_request_status_created_idx";--> statement-breakpoint
DROP INDEX "search_work_log_created_idx";--> statement-breakpoint
DROP INDEX "search_work_log_branch_created_idx";--> statement-breakpoint
DROP INDEX "search_work_log_status_created_idx";--> statement-breakpoint
CREATE INDEX "search_order_created_idx" ON "search_order" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_order_branch_created_idx" ON "search_order" USING btree ("branch_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_order_status_created_idx" ON "search_order" USING btree ("status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_request_created_idx" ON "search_request" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_request_branch_created_idx" ON "search_request" USING btree ("branch_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_request_status_created_idx" ON "search_request" USING btree ("status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_work_log_created_idx" ON "search_work_log" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_work_log_branch_created_idx" ON "search_work_log" USING btree ("branch_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_work_log_status_created_idx" ON "search_work_log" USING btree ("status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);