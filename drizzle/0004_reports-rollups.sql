CREATE TABLE "report_open_order_daily" (
	"day" date NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"service_type_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	"due_day" date NOT NULL,
	"open" integer NOT NULL,
	CONSTRAINT "report_open_order_daily_pk" PRIMARY KEY("day","branch_id","agency_id","technician_id","service_type_id","priority_id","due_day")
);
--> statement-breakpoint
CREATE TABLE "report_order_daily" (
	"day" date NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"service_type_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	"issued" integer NOT NULL,
	"completed" integer NOT NULL,
	"closed" integer NOT NULL,
	"closed_late" integer NOT NULL,
	CONSTRAINT "report_order_daily_pk" PRIMARY KEY("day","branch_id","agency_id","technician_id","service_type_id","priority_id")
);
--> statement-breakpoint
CREATE TABLE "report_part_daily" (
	"day" date NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"service_type_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	"part_id" integer NOT NULL,
	"lines" integer NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"cost_rials" bigint NOT NULL,
	CONSTRAINT "report_part_daily_pk" PRIMARY KEY("day","branch_id","agency_id","technician_id","service_type_id","priority_id","part_id")
);
--> statement-breakpoint
CREATE TABLE "report_qc_daily" (
	"day" date NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"service_type_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	"reviews" integer NOT NULL,
	"rejected" integer NOT NULL,
	"score_sum" bigint NOT NULL,
	CONSTRAINT "report_qc_daily_pk" PRIMARY KEY("day","branch_id","agency_id","technician_id","service_type_id","priority_id")
);
--> statement-breakpoint
CREATE TABLE "report_request_daily" (
	"day" date NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"service_type_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"requests" integer NOT NULL,
	"repeat30" integer NOT NULL,
	"repeat90" integer NOT NULL,
	"flagged" integer NOT NULL,
	"replaced" integer NOT NULL,
	"claims" integer NOT NULL,
	"claims_delivered" integer NOT NULL,
	"claims_replaced" integer NOT NULL,
	CONSTRAINT "report_request_daily_pk" PRIMARY KEY("day","branch_id","agency_id","technician_id","service_type_id","priority_id","product_id")
);
--> statement-breakpoint
CREATE INDEX "warranty_ends_idx" ON "warranty" USING btree ("ends_on");--> statement-breakpoint
CREATE INDEX "report_request_fact_durations_idx" ON "report_request_fact" USING btree ("received_at","technician_id","reception_to_delivery_minutes","order_to_qc_minutes","branch_id","agency_id","service_type_id","priority_id") WHERE "report_request_fact"."reception_to_delivery_minutes" is not null or "report_request_fact"."order_to_qc_minutes" is not null;--> statement-breakpoint
CREATE INDEX "report_request_fact_open_idx" ON "report_request_fact" USING btree ("status","status_since","branch_id","agency_id","technician_id") WHERE "report_request_fact"."status" not in ('delivered', 'replaced', 'cancelled');--> statement-breakpoint
CREATE INDEX "report_request_fact_repeat_idx" ON "report_request_fact" USING btree ("received_at") WHERE "report_request_fact"."repeat_gap_days" is not null;