DROP INDEX "warranty_ends_idx";--> statement-breakpoint
CREATE INDEX "warranty_ends_unit_idx" ON "warranty" USING btree ("ends_on","unit_id","active");