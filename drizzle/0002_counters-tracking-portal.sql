CREATE TABLE "queue_kiosk" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "queue_kiosk_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"branch_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	CONSTRAINT "queue_kiosk_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "queue_ticket" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "queue_ticket_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"day" date NOT NULL,
	"number" integer NOT NULL,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"source" text NOT NULL,
	"counter_id" integer,
	"called_by" integer,
	"recalls" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"called_at" timestamp with time zone,
	"serving_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "queue_ticket_number_ck" CHECK ("queue_ticket"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "tracking_code" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tracking_code_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"mobile" text NOT NULL,
	"salt" text NOT NULL,
	"code_hash" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"session_hash" text,
	"session_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_code_session_hash_unique" UNIQUE("session_hash")
);
--> statement-breakpoint
CREATE TABLE "agency_customer" (
	"agency_id" integer NOT NULL,
	"customer_id" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_customer_agency_id_customer_id_pk" PRIMARY KEY("agency_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "follow_rule" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "follow_rule_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group_id" integer NOT NULL,
	"branch_id" integer,
	"agency_id" integer,
	"category_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notification_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"request_id" integer,
	"type" text NOT NULL,
	"form_number" text DEFAULT '' NOT NULL,
	"status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_order_fact" (
	"order_id" integer PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer,
	"technician_id" integer NOT NULL,
	"service_type_id" integer,
	"priority_id" integer NOT NULL,
	"status" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_part_fact" (
	"work_log_part_id" integer PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer,
	"technician_id" integer NOT NULL,
	"service_type_id" integer,
	"priority_id" integer,
	"product_id" integer NOT NULL,
	"part_id" integer NOT NULL,
	"quantity" numeric(12, 3) NOT NULL,
	"cost_rials" bigint NOT NULL,
	"under_warranty" boolean NOT NULL,
	"logged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_qc_fact" (
	"review_id" integer PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer,
	"technician_id" integer NOT NULL,
	"service_type_id" integer,
	"priority_id" integer,
	"logged_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"approved" boolean NOT NULL,
	"score" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_request_fact" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer,
	"product_id" integer NOT NULL,
	"unit_id" integer,
	"technician_id" integer,
	"service_type_id" integer,
	"priority_id" integer,
	"status" text NOT NULL,
	"status_since" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"ordered_at" timestamp with time zone,
	"qc_approved_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"replaced_at" timestamp with time zone,
	"reception_to_delivery_minutes" integer,
	"order_to_qc_minutes" integer,
	"in_warranty" boolean NOT NULL,
	"replacement_flag" boolean NOT NULL,
	"repeat_gap_days" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_request" ADD COLUMN "tracking_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "queue_kiosk" ADD CONSTRAINT "queue_kiosk_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_kiosk" ADD CONSTRAINT "queue_kiosk_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_ticket" ADD CONSTRAINT "queue_ticket_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_ticket" ADD CONSTRAINT "queue_ticket_counter_id_counter_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counter"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_ticket" ADD CONSTRAINT "queue_ticket_called_by_app_user_id_fk" FOREIGN KEY ("called_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_code" ADD CONSTRAINT "tracking_code_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_customer" ADD CONSTRAINT "agency_customer_agency_id_agency_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agency"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_customer" ADD CONSTRAINT "agency_customer_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_customer" ADD CONSTRAINT "agency_customer_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_rule" ADD CONSTRAINT "follow_rule_group_id_user_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."user_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_rule" ADD CONSTRAINT "follow_rule_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_rule" ADD CONSTRAINT "follow_rule_agency_id_agency_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agency"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_rule" ADD CONSTRAINT "follow_rule_category_id_product_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."product_category"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_rule" ADD CONSTRAINT "follow_rule_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_kiosk_branch_idx" ON "queue_kiosk" USING btree ("branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_ticket_number_uq" ON "queue_ticket" USING btree ("branch_id","day","number");--> statement-breakpoint
CREATE INDEX "queue_ticket_waiting_idx" ON "queue_ticket" USING btree ("branch_id","status","id");--> statement-breakpoint
CREATE INDEX "queue_ticket_counter_idx" ON "queue_ticket" USING btree ("counter_id","status");--> statement-breakpoint
CREATE INDEX "queue_ticket_created_idx" ON "queue_ticket" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tracking_code_request_idx" ON "tracking_code" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "tracking_code_ip_idx" ON "tracking_code" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "agency_customer_customer_idx" ON "agency_customer" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "follow_rule_group_idx" ON "follow_rule" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "report_order_fact_issued_idx" ON "report_order_fact" USING btree ("issued_at");--> statement-breakpoint
CREATE INDEX "report_order_fact_technician_issued_idx" ON "report_order_fact" USING btree ("technician_id","issued_at");--> statement-breakpoint
CREATE INDEX "report_order_fact_branch_issued_idx" ON "report_order_fact" USING btree ("branch_id","issued_at");--> statement-breakpoint
CREATE INDEX "report_order_fact_open_due_idx" ON "report_order_fact" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "report_part_fact_logged_idx" ON "report_part_fact" USING btree ("logged_at");--> statement-breakpoint
CREATE INDEX "report_part_fact_request_idx" ON "report_part_fact" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "report_qc_fact_logged_idx" ON "report_qc_fact" USING btree ("logged_at");--> statement-breakpoint
CREATE INDEX "report_qc_fact_technician_logged_idx" ON "report_qc_fact" USING btree ("technician_id","logged_at");--> statement-breakpoint
CREATE INDEX "report_request_fact_received_idx" ON "report_request_fact" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "report_request_fact_branch_received_idx" ON "report_request_fact" USING btree ("branch_id","received_at");--> statement-breakpoint
CREATE INDEX "report_request_fact_technician_received_idx" ON "report_request_fact" USING btree ("technician_id","received_at");--> statement-breakpoint
CREATE INDEX "report_request_fact_agency_received_idx" ON "report_request_fact" USING btree ("agency_id","received_at");--> statement-breakpoint
CREATE INDEX "report_request_fact_status_idx" ON "report_request_fact" USING btree ("status","status_since");--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_tracking_token_unique" UNIQUE("tracking_token");