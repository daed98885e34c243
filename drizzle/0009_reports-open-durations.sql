CREATE TABLE "report_duration_monthly" (
	"month" date NOT NULL,
	"technician_id" integer NOT NULL,
	"metric" smallint NOT NULL,
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "report_duration_monthly_pk" PRIMARY KEY("technician_id","month","metric","bucket")
);
--> statement-breakpoint
CREATE TABLE "report_open_request_daily" (
	"day" date NOT NULL,
	"branch_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"service_type_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	"status" text NOT NULL,
	"open" integer NOT NULL,
	"since_ms" bigint NOT NULL,
	CONSTRAINT "report_open_request_daily_pk" PRIMARY KEY("day","branch_id","agency_id","technician_id","service_type_id","priority_id","status")
);
