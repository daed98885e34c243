ALTER TABLE "queue_ticket" ADD COLUMN "kiosk_id" integer;--> statement-breakpoint
ALTER TABLE "queue_ticket" ADD COLUMN "client_ip" text;--> statement-breakpoint
ALTER TABLE "queue_ticket" ADD CONSTRAINT "queue_ticket_kiosk_id_queue_kiosk_id_fk" FOREIGN KEY ("kiosk_id") REFERENCES "public"."queue_kiosk"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_ticket_kiosk_idx" ON "queue_ticket" USING btree ("kiosk_id","created_at") WHERE "queue_ticket"."kiosk_id" is not null;--> statement-breakpoint
CREATE INDEX "queue_ticket_ip_idx" ON "queue_ticket" USING btree ("client_ip","created_at") WHERE "queue_ticket"."client_ip" is not null;