CREATE TABLE "agency" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agency_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"branch_id" integer NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"mobile" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "branch_holiday" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "branch_holiday_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer,
	"date" date NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "branch" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "branch_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"weekly_hours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "branch_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "counter" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "counter_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grant_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"role_id" integer,
	"group_id" integer,
	"user_id" integer,
	"area" text NOT NULL,
	"level" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempt" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "login_attempt_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"username" text NOT NULL,
	"ip" text NOT NULL,
	"success" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "role_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "setup_token" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_group_member" (
	"group_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "user_group_member_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "user_group" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "user_group_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_group_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "user_role" (
	"user_id" integer NOT NULL,
	"role_id" integer NOT NULL,
	CONSTRAINT "user_role_user_id_role_id_pk" PRIMARY KEY("user_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app_user_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text,
	"locale" text DEFAULT 'fa' NOT NULL,
	"branch_id" integer,
	"agency_id" integer,
	"mobile" text,
	"personnel_no" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"actor_id" integer,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"branch_id" integer,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_cursor" (
	"consumer" text PRIMARY KEY NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"mobile" text NOT NULL,
	"national_id" text,
	"address" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT 'fa' NOT NULL,
	"telegram_chat_id" text,
	"marketing_opt_out" boolean DEFAULT false NOT NULL,
	"name_norm" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_mobile_unique" UNIQUE("mobile")
);
--> statement-breakpoint
CREATE TABLE "bom_line" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bom_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"product_id" integer NOT NULL,
	"part_id" integer NOT NULL,
	"quantity" numeric(12, 3) NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "priority" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "priority_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sla_response_minutes" integer NOT NULL,
	"sla_resolution_minutes" integer NOT NULL,
	"colour" text DEFAULT '#57606a' NOT NULL,
	CONSTRAINT "priority_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "product_category" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "product_category_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "product_category_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "product_service" (
	"product_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	CONSTRAINT "product_service_product_id_service_id_pk" PRIMARY KEY("product_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "product_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"category_id" integer,
	"is_part" boolean DEFAULT false NOT NULL,
	"serialised" boolean DEFAULT false NOT NULL,
	"serviceable" boolean DEFAULT true NOT NULL,
	"price_rials" bigint DEFAULT 0 NOT NULL,
	"search_norm" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "service_type" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_type_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"chargeable" boolean DEFAULT true NOT NULL,
	CONSTRAINT "service_type_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "service" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"standard_minutes" integer,
	"labour_rials" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "service_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "unit" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"product_id" integer NOT NULL,
	"serial" text NOT NULL,
	"serial_norm" text NOT NULL,
	"sale_date" timestamp with time zone,
	"activation_date" timestamp with time zone,
	"owner_id" integer,
	"replaces_unit_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_type" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_type_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_type_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "warranty" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warranty_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"serial" text NOT NULL,
	"serial_norm" text NOT NULL,
	"type_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"customer_id" integer,
	"sale_date" timestamp with time zone,
	"registered_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"starts_on" timestamp with time zone,
	"ends_on" timestamp with time zone,
	"grace_ends_on" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"inactive_reason" text,
	"import_id" integer,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warranty_serial_norm_unique" UNIQUE("serial_norm")
);
--> statement-breakpoint
CREATE TABLE "warranty_assignment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warranty_assignment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"warranty_id" integer NOT NULL,
	"customer_id" integer,
	"previous_customer_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"actor_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warranty_import" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warranty_import_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"file_path" text,
	"size_bytes" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"valid_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"created_by" integer,
	"imported_by" integer,
	"imported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warranty_import_sha256_unique" UNIQUE("sha256")
);
--> statement-breakpoint
CREATE TABLE "warranty_type" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warranty_type_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"months" integer DEFAULT 0 NOT NULL,
	"days" integer DEFAULT 0 NOT NULL,
	"start_rule" text NOT NULL,
	"coverage" text NOT NULL,
	"grace_days" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warranty_type_code_unique" UNIQUE("code"),
	CONSTRAINT "warranty_type_duration_ck" CHECK ("warranty_type"."months" >= 0 and "warranty_type"."days" >= 0 and "warranty_type"."months" + "warranty_type"."days" > 0),
	CONSTRAINT "warranty_type_grace_ck" CHECK ("warranty_type"."grace_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "job" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"report" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"created_by" integer,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attachment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"path" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_size_ck" CHECK ("attachment"."size_bytes" > 0 and "attachment"."size_bytes" <= 10485760)
);
--> statement-breakpoint
CREATE TABLE "delivery" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"received_by_name" text NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"one_time_code_verified" boolean DEFAULT false NOT NULL,
	"signature_path" text,
	"note" text DEFAULT '' NOT NULL,
	"delivered_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE TABLE "estimate_line" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "estimate_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"estimate_id" integer NOT NULL,
	"kind" text NOT NULL,
	"product_id" integer,
	"service_id" integer,
	"description" text DEFAULT '' NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_rials" bigint NOT NULL,
	"amount_rials" bigint NOT NULL,
	CONSTRAINT "estimate_line_amount_ck" CHECK ("estimate_line"."quantity" > 0 and "estimate_line"."unit_price_rials" >= 0 and "estimate_line"."amount_rials" >= 0)
);
--> statement-breakpoint
CREATE TABLE "estimate" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "estimate_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"order_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"total_rials" bigint DEFAULT 0 NOT NULL,
	"no_charge" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"declared_by" integer,
	"answered_by" integer,
	"answered_via" text,
	"answered_at" timestamp with time zone,
	"answer_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "estimate_total_ck" CHECK ("estimate"."total_rials" >= 0)
);
--> statement-breakpoint
CREATE TABLE "idempotency_key" (
	"actor_id" integer NOT NULL,
	"key" text NOT NULL,
	"endpoint" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_actor_id_key_pk" PRIMARY KEY("actor_id","key")
);
--> statement-breakpoint
CREATE TABLE "number_sequence" (
	"scope" text PRIMARY KEY NOT NULL,
	"last_value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_assignment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_assignment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"order_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"previous_technician_id" integer,
	"previous_order_id" integer,
	"reason" text DEFAULT '' NOT NULL,
	"assigned_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qc_review" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qc_review_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"work_log_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"decision" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"score" integer NOT NULL,
	"reviewer_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qc_review_work_log_id_unique" UNIQUE("work_log_id"),
	CONSTRAINT "qc_review_score_ck" CHECK ("qc_review"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "replacement_rule" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "replacement_rule_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"category_id" integer,
	"product_id" integer,
	"window_months" integer,
	"max_warranty_repairs" integer,
	"max_cost_percent" numeric(6, 2),
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "replacement_rule_target_ck" CHECK (("replacement_rule"."category_id" is null) <> ("replacement_rule"."product_id" is null)),
	CONSTRAINT "replacement_rule_values_ck" CHECK (coalesce("replacement_rule"."window_months", 0) >= 0 and coalesce("replacement_rule"."max_warranty_repairs", 0) >= 0 and coalesce("replacement_rule"."max_cost_percent", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "replacement" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "replacement_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"old_unit_id" integer NOT NULL,
	"new_unit_id" integer NOT NULL,
	"warranty_id" integer,
	"warranty_end_before" timestamp with time zone,
	"warranty_end_after" timestamp with time zone,
	"reason" text NOT NULL,
	"replaced_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "replacement_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE TABLE "request_list" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_list_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"jalali_year" integer NOT NULL,
	"seq" integer NOT NULL,
	"list_number" text NOT NULL,
	"agency_id" integer,
	"counter_id" integer,
	"channel" text NOT NULL,
	"deliverer_name" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_list_list_number_unique" UNIQUE("list_number")
);
--> statement-breakpoint
CREATE TABLE "service_order" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_order_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"base_document_type" text NOT NULL,
	"base_document_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"service_id" integer,
	"work_type_id" integer,
	"service_type_id" integer,
	"priority_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"assigned_by" integer,
	"started_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_request" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_request_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"jalali_year" integer NOT NULL,
	"seq" integer NOT NULL,
	"form_number" text NOT NULL,
	"list_id" integer,
	"counter_id" integer,
	"agency_id" integer,
	"channel" text NOT NULL,
	"customer_id" integer,
	"deliverer_name" text DEFAULT '' NOT NULL,
	"unit_id" integer,
	"warranty_id" integer,
	"product_id" integer NOT NULL,
	"coverage" text DEFAULT 'none' NOT NULL,
	"warranty_ends_at" timestamp with time zone,
	"complaint" text DEFAULT '' NOT NULL,
	"accessories" text DEFAULT '' NOT NULL,
	"condition" text DEFAULT '' NOT NULL,
	"expected_at" timestamp with time zone,
	"needs_sorting" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"replacement_flag" boolean DEFAULT false NOT NULL,
	"replacement_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_request_form_number_unique" UNIQUE("form_number")
);
--> statement-breakpoint
CREATE TABLE "work_log_part" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_log_part_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"work_log_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"quantity" numeric(12, 3) NOT NULL,
	"new_serial" text DEFAULT '' NOT NULL,
	"removed_serial" text DEFAULT '' NOT NULL,
	"from_bom" boolean DEFAULT false NOT NULL,
	CONSTRAINT "work_log_part_qty_ck" CHECK ("work_log_part"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "work_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"order_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_minutes" integer NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"is_rework" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_log_duration_ck" CHECK ("work_log"."duration_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "board" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "board_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"branch_id" integer,
	"token_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"last_seen_at" timestamp with time zone,
	CONSTRAINT "board_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "saved_search" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_search_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_order" (
	"id" integer PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"counter_id" integer,
	"agency_id" integer,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"status_rank" smallint NOT NULL,
	"customer_id" integer,
	"product_id" integer NOT NULL,
	"list_id" integer,
	"technician_id" integer,
	"priority_id" integer,
	"service_type_id" integer,
	"form_number" text NOT NULL,
	"list_number" text,
	"customer_name" text DEFAULT '' NOT NULL,
	"customer_mobile" text,
	"deliverer_name" text DEFAULT '' NOT NULL,
	"product_code" text DEFAULT '' NOT NULL,
	"product_name_fa" text DEFAULT '' NOT NULL,
	"product_name_en" text DEFAULT '' NOT NULL,
	"unit_serial" text,
	"warranty_serial" text,
	"part_names" text DEFAULT '' NOT NULL,
	"coverage" text NOT NULL,
	"in_warranty" boolean NOT NULL,
	"replacement_flag" boolean NOT NULL,
	"due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolved_late" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"ordered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"customer_norm" text DEFAULT '' NOT NULL,
	"deliverer_norm" text DEFAULT '' NOT NULL,
	"parts_norm" text DEFAULT '' NOT NULL,
	"text_norm" text DEFAULT '' NOT NULL,
	"keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"serials" text DEFAULT '' NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"request_status" text NOT NULL,
	"service_id" integer,
	"work_type_id" integer,
	"complaint" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_request" (
	"id" integer PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"counter_id" integer,
	"agency_id" integer,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"status_rank" smallint NOT NULL,
	"customer_id" integer,
	"product_id" integer NOT NULL,
	"list_id" integer,
	"technician_id" integer,
	"priority_id" integer,
	"service_type_id" integer,
	"form_number" text NOT NULL,
	"list_number" text,
	"customer_name" text DEFAULT '' NOT NULL,
	"customer_mobile" text,
	"deliverer_name" text DEFAULT '' NOT NULL,
	"product_code" text DEFAULT '' NOT NULL,
	"product_name_fa" text DEFAULT '' NOT NULL,
	"product_name_en" text DEFAULT '' NOT NULL,
	"unit_serial" text,
	"warranty_serial" text,
	"part_names" text DEFAULT '' NOT NULL,
	"coverage" text NOT NULL,
	"in_warranty" boolean NOT NULL,
	"replacement_flag" boolean NOT NULL,
	"due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolved_late" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"ordered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"customer_norm" text DEFAULT '' NOT NULL,
	"deliverer_norm" text DEFAULT '' NOT NULL,
	"parts_norm" text DEFAULT '' NOT NULL,
	"text_norm" text DEFAULT '' NOT NULL,
	"keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"serials" text DEFAULT '' NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"complaint" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_work_log" (
	"id" integer PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"counter_id" integer,
	"agency_id" integer,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"status_rank" smallint NOT NULL,
	"customer_id" integer,
	"product_id" integer NOT NULL,
	"list_id" integer,
	"technician_id" integer,
	"priority_id" integer,
	"service_type_id" integer,
	"form_number" text NOT NULL,
	"list_number" text,
	"customer_name" text DEFAULT '' NOT NULL,
	"customer_mobile" text,
	"deliverer_name" text DEFAULT '' NOT NULL,
	"product_code" text DEFAULT '' NOT NULL,
	"product_name_fa" text DEFAULT '' NOT NULL,
	"product_name_en" text DEFAULT '' NOT NULL,
	"unit_serial" text,
	"warranty_serial" text,
	"part_names" text DEFAULT '' NOT NULL,
	"coverage" text NOT NULL,
	"in_warranty" boolean NOT NULL,
	"replacement_flag" boolean NOT NULL,
	"due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolved_late" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"ordered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"customer_norm" text DEFAULT '' NOT NULL,
	"deliverer_norm" text DEFAULT '' NOT NULL,
	"parts_norm" text DEFAULT '' NOT NULL,
	"text_norm" text DEFAULT '' NOT NULL,
	"keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"serials" text DEFAULT '' NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"order_id" integer NOT NULL,
	"request_status" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"is_rework" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_document" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_document_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"jalali_year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"request_id" integer,
	"order_id" integer,
	"work_log_id" integer,
	"invoice_id" integer,
	"reverses_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"posted_by" integer,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_document_number_unique" UNIQUE("number"),
	CONSTRAINT "stock_document_posted_ck" CHECK (("stock_document"."status" = 'draft') = ("stock_document"."posted_at" is null))
);
--> statement-breakpoint
CREATE TABLE "stock_move" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_move_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" integer NOT NULL,
	"warehouse_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"serial" text DEFAULT '' NOT NULL,
	"unit_cost_rials" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stock_move_qty_ck" CHECK ("stock_move"."quantity" <> 0 and "stock_move"."unit_cost_rials" >= 0)
);
--> statement-breakpoint
CREATE TABLE "warehouse" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warehouse_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warehouse_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "account_mapping" (
	"role" text PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "account_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "invoice_line" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invoice_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"invoice_id" integer NOT NULL,
	"kind" text NOT NULL,
	"product_id" integer,
	"service_id" integer,
	"description" text DEFAULT '' NOT NULL,
	"quantity" numeric(12, 3) NOT NULL,
	"unit_price_rials" bigint NOT NULL,
	"amount_rials" bigint NOT NULL,
	CONSTRAINT "invoice_line_qty_ck" CHECK ("invoice_line"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "invoice" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invoice_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"jalali_year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"request_id" integer,
	"estimate_id" integer,
	"customer_id" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"vat_rate_bp" integer DEFAULT 1000 NOT NULL,
	"subtotal_rials" bigint DEFAULT 0 NOT NULL,
	"discount_rials" bigint DEFAULT 0 NOT NULL,
	"vat_rials" bigint DEFAULT 0 NOT NULL,
	"total_rials" bigint DEFAULT 0 NOT NULL,
	"paid_rials" bigint DEFAULT 0 NOT NULL,
	"created_by" integer,
	"posted_by" integer,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_number_unique" UNIQUE("number"),
	CONSTRAINT "invoice_amounts_ck" CHECK ("invoice"."vat_rate_bp" >= 0 and "invoice"."discount_rials" >= 0 and "invoice"."paid_rials" >= 0 and "invoice"."paid_rials" <= "invoice"."total_rials" and "invoice"."total_rials" = "invoice"."subtotal_rials" - "invoice"."discount_rials" + "invoice"."vat_rials")
);
--> statement-breakpoint
CREATE TABLE "journal_entry" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "journal_entry_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer,
	"entry_date" timestamp with time zone NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"source_type" text NOT NULL,
	"source_id" integer NOT NULL,
	"total_debit_rials" bigint NOT NULL,
	"total_credit_rials" bigint NOT NULL,
	"reverses_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entry_balanced_ck" CHECK ("journal_entry"."total_debit_rials" = "journal_entry"."total_credit_rials" and "journal_entry"."total_debit_rials" > 0)
);
--> statement-breakpoint
CREATE TABLE "journal_line" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "journal_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"entry_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"debit_rials" bigint DEFAULT 0 NOT NULL,
	"credit_rials" bigint DEFAULT 0 NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	CONSTRAINT "journal_line_side_ck" CHECK ("journal_line"."debit_rials" >= 0 and "journal_line"."credit_rials" >= 0 and ("journal_line"."debit_rials" = 0) <> ("journal_line"."credit_rials" = 0))
);
--> statement-breakpoint
CREATE TABLE "payment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"invoice_id" integer NOT NULL,
	"method" text NOT NULL,
	"amount_rials" bigint NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"journal_entry_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_amount_ck" CHECK ("payment"."amount_rials" > 0)
);
--> statement-breakpoint
CREATE TABLE "payroll_line" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payroll_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"month_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	"personnel_no" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"reviews" integer NOT NULL,
	"average_qc_score" numeric(5, 2),
	"orders_closed" integer NOT NULL,
	"orders_on_time" integer NOT NULL,
	"performance" integer,
	"amount_rials" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payroll_month" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payroll_month_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"month" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"rule" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" integer,
	"locked_at" timestamp with time zone,
	CONSTRAINT "payroll_month_month_unique" UNIQUE("month")
);
--> statement-breakpoint
CREATE TABLE "payroll_rule" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payroll_rule_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"target_score" integer NOT NULL,
	"bonus_per_point_rials" bigint NOT NULL,
	"deduction_per_point_rials" bigint NOT NULL,
	"sla_weight_bp" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agency" ADD CONSTRAINT "agency_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_holiday" ADD CONSTRAINT "branch_holiday_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counter" ADD CONSTRAINT "counter_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant" ADD CONSTRAINT "grant_role_id_role_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."role"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant" ADD CONSTRAINT "grant_group_id_user_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."user_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant" ADD CONSTRAINT "grant_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_group_member" ADD CONSTRAINT "user_group_member_group_id_user_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."user_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_group_member" ADD CONSTRAINT "user_group_member_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_role_id_role_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."role"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_agency_id_agency_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agency"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history" ADD CONSTRAINT "history_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_line" ADD CONSTRAINT "bom_line_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bom_line" ADD CONSTRAINT "bom_line_part_id_product_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_service" ADD CONSTRAINT "product_service_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_service" ADD CONSTRAINT "product_service_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_category_id_product_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."product_category"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_owner_id_customer_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty" ADD CONSTRAINT "warranty_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty" ADD CONSTRAINT "warranty_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_assignment" ADD CONSTRAINT "warranty_assignment_warranty_id_warranty_id_fk" FOREIGN KEY ("warranty_id") REFERENCES "public"."warranty"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_assignment" ADD CONSTRAINT "warranty_assignment_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_assignment" ADD CONSTRAINT "warranty_assignment_previous_customer_id_customer_id_fk" FOREIGN KEY ("previous_customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_assignment" ADD CONSTRAINT "warranty_assignment_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_import" ADD CONSTRAINT "warranty_import_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_import" ADD CONSTRAINT "warranty_import_imported_by_app_user_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job" ADD CONSTRAINT "job_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploaded_by_app_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_delivered_by_app_user_id_fk" FOREIGN KEY ("delivered_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimate_line" ADD CONSTRAINT "estimate_line_estimate_id_estimate_id_fk" FOREIGN KEY ("estimate_id") REFERENCES "public"."estimate"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimate_line" ADD CONSTRAINT "estimate_line_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimate_line" ADD CONSTRAINT "estimate_line_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimate" ADD CONSTRAINT "estimate_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimate" ADD CONSTRAINT "estimate_order_id_service_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."service_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimate" ADD CONSTRAINT "estimate_declared_by_app_user_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimate" ADD CONSTRAINT "estimate_answered_by_app_user_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_key" ADD CONSTRAINT "idempotency_key_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignment" ADD CONSTRAINT "order_assignment_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignment" ADD CONSTRAINT "order_assignment_order_id_service_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."service_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignment" ADD CONSTRAINT "order_assignment_technician_id_app_user_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignment" ADD CONSTRAINT "order_assignment_previous_technician_id_app_user_id_fk" FOREIGN KEY ("previous_technician_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignment" ADD CONSTRAINT "order_assignment_previous_order_id_service_order_id_fk" FOREIGN KEY ("previous_order_id") REFERENCES "public"."service_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignment" ADD CONSTRAINT "order_assignment_assigned_by_app_user_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_review" ADD CONSTRAINT "qc_review_work_log_id_work_log_id_fk" FOREIGN KEY ("work_log_id") REFERENCES "public"."work_log"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_review" ADD CONSTRAINT "qc_review_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_review" ADD CONSTRAINT "qc_review_reviewer_id_app_user_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_rule" ADD CONSTRAINT "replacement_rule_category_id_product_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."product_category"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_rule" ADD CONSTRAINT "replacement_rule_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_rule" ADD CONSTRAINT "replacement_rule_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement" ADD CONSTRAINT "replacement_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement" ADD CONSTRAINT "replacement_old_unit_id_unit_id_fk" FOREIGN KEY ("old_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement" ADD CONSTRAINT "replacement_new_unit_id_unit_id_fk" FOREIGN KEY ("new_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement" ADD CONSTRAINT "replacement_warranty_id_warranty_id_fk" FOREIGN KEY ("warranty_id") REFERENCES "public"."warranty"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement" ADD CONSTRAINT "replacement_replaced_by_app_user_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_list" ADD CONSTRAINT "request_list_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_list" ADD CONSTRAINT "request_list_agency_id_agency_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agency"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_list" ADD CONSTRAINT "request_list_counter_id_counter_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counter"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_list" ADD CONSTRAINT "request_list_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_technician_id_app_user_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_work_type_id_work_type_id_fk" FOREIGN KEY ("work_type_id") REFERENCES "public"."work_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_service_type_id_service_type_id_fk" FOREIGN KEY ("service_type_id") REFERENCES "public"."service_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_priority_id_priority_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order" ADD CONSTRAINT "service_order_assigned_by_app_user_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_list_id_request_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."request_list"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_counter_id_counter_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counter"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_agency_id_agency_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agency"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_warranty_id_warranty_id_fk" FOREIGN KEY ("warranty_id") REFERENCES "public"."warranty"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_part" ADD CONSTRAINT "work_log_part_work_log_id_work_log_id_fk" FOREIGN KEY ("work_log_id") REFERENCES "public"."work_log"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_part" ADD CONSTRAINT "work_log_part_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log" ADD CONSTRAINT "work_log_order_id_service_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."service_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log" ADD CONSTRAINT "work_log_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log" ADD CONSTRAINT "work_log_technician_id_app_user_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board" ADD CONSTRAINT "board_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board" ADD CONSTRAINT "board_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board" ADD CONSTRAINT "board_revoked_by_app_user_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_search" ADD CONSTRAINT "saved_search_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_document" ADD CONSTRAINT "stock_document_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_document" ADD CONSTRAINT "stock_document_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_document" ADD CONSTRAINT "stock_document_order_id_service_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."service_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_document" ADD CONSTRAINT "stock_document_work_log_id_work_log_id_fk" FOREIGN KEY ("work_log_id") REFERENCES "public"."work_log"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_document" ADD CONSTRAINT "stock_document_reverses_id_stock_document_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."stock_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_document" ADD CONSTRAINT "stock_document_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_document" ADD CONSTRAINT "stock_document_posted_by_app_user_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_move" ADD CONSTRAINT "stock_move_document_id_stock_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."stock_document"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_move" ADD CONSTRAINT "stock_move_warehouse_id_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_move" ADD CONSTRAINT "stock_move_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouse" ADD CONSTRAINT "warehouse_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_mapping" ADD CONSTRAINT "account_mapping_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_invoice_id_invoice_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoice"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_request_id_service_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_estimate_id_estimate_id_fk" FOREIGN KEY ("estimate_id") REFERENCES "public"."estimate"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_posted_by_app_user_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_reverses_id_journal_entry_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."journal_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_line" ADD CONSTRAINT "journal_line_entry_id_journal_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_line" ADD CONSTRAINT "journal_line_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_invoice_id_invoice_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoice"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_journal_entry_id_journal_entry_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_line" ADD CONSTRAINT "payroll_line_month_id_payroll_month_id_fk" FOREIGN KEY ("month_id") REFERENCES "public"."payroll_month"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_line" ADD CONSTRAINT "payroll_line_technician_id_app_user_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_month" ADD CONSTRAINT "payroll_month_locked_by_app_user_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_rule" ADD CONSTRAINT "payroll_rule_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "branch_holiday_branch_date_uq" ON "branch_holiday" USING btree ("branch_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "branch_holiday_all_date_uq" ON "branch_holiday" USING btree ("date") WHERE "branch_holiday"."branch_id" is null;--> statement-breakpoint
CREATE INDEX "branch_holiday_date_idx" ON "branch_holiday" USING btree ("date");--> statement-breakpoint
CREATE UNIQUE INDEX "counter_branch_code_uq" ON "counter" USING btree ("branch_id","code");--> statement-breakpoint
CREATE INDEX "grant_role_idx" ON "grant" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "grant_group_idx" ON "grant" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "grant_user_idx" ON "grant" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "login_attempt_user_idx" ON "login_attempt" USING btree ("username","created_at");--> statement-breakpoint
CREATE INDEX "login_attempt_ip_idx" ON "login_attempt" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "history_entity_idx" ON "history" USING btree ("entity_type","entity_id","id");--> statement-breakpoint
CREATE INDEX "outbox_aggregate_idx" ON "outbox" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE INDEX "customer_name_norm_idx" ON "customer" USING btree ("name_norm");--> statement-breakpoint
CREATE INDEX "customer_name_trgm_idx" ON "customer" USING gin ("name_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customer_national_id_idx" ON "customer" USING btree ("national_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bom_line_product_part_uq" ON "bom_line" USING btree ("product_id","part_id");--> statement-breakpoint
CREATE INDEX "bom_line_part_idx" ON "bom_line" USING btree ("part_id");--> statement-breakpoint
CREATE INDEX "product_service_service_idx" ON "product_service" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "product_category_idx" ON "product" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "product_search_trgm_idx" ON "product" USING gin ("search_norm" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "unit_product_serial_uq" ON "unit" USING btree ("product_id","serial_norm");--> statement-breakpoint
CREATE INDEX "unit_serial_norm_idx" ON "unit" USING btree ("serial_norm");--> statement-breakpoint
CREATE INDEX "unit_owner_idx" ON "unit" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "warranty_unit_idx" ON "warranty" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "warranty_customer_idx" ON "warranty" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "warranty_assignment_warranty_idx" ON "warranty_assignment" USING btree ("warranty_id","id");--> statement-breakpoint
CREATE INDEX "job_status_created_idx" ON "job" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "job_created_by_idx" ON "job" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "attachment_request_idx" ON "attachment" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "estimate_line_estimate_idx" ON "estimate_line" USING btree ("estimate_id");--> statement-breakpoint
CREATE INDEX "estimate_request_idx" ON "estimate" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "order_assignment_request_idx" ON "order_assignment" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "qc_review_request_idx" ON "qc_review" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "replacement_rule_category_uq" ON "replacement_rule" USING btree ("category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "replacement_rule_product_uq" ON "replacement_rule" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "replacement_old_unit_idx" ON "replacement" USING btree ("old_unit_id");--> statement-breakpoint
CREATE INDEX "replacement_new_unit_idx" ON "replacement" USING btree ("new_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_list_number_uq" ON "request_list" USING btree ("branch_id","jalali_year","seq");--> statement-breakpoint
CREATE INDEX "request_list_agency_idx" ON "request_list" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "service_order_request_idx" ON "service_order" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "service_order_technician_idx" ON "service_order" USING btree ("technician_id","status");--> statement-breakpoint
CREATE INDEX "service_order_created_idx" ON "service_order" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_request_number_uq" ON "service_request" USING btree ("branch_id","jalali_year","seq");--> statement-breakpoint
CREATE INDEX "service_request_status_idx" ON "service_request" USING btree ("status","branch_id");--> statement-breakpoint
CREATE INDEX "service_request_branch_created_idx" ON "service_request" USING btree ("branch_id","created_at");--> statement-breakpoint
CREATE INDEX "service_request_unit_idx" ON "service_request" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "service_request_list_idx" ON "service_request" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "service_request_customer_idx" ON "service_request" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "service_request_agency_idx" ON "service_request" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "service_request_search_trgm_idx" ON "service_request" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "work_log_part_log_idx" ON "work_log_part" USING btree ("work_log_id");--> statement-breakpoint
CREATE INDEX "work_log_order_idx" ON "work_log" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "work_log_request_idx" ON "work_log" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "work_log_technician_idx" ON "work_log" USING btree ("technician_id","created_at");--> statement-breakpoint
CREATE INDEX "board_branch_idx" ON "board" USING btree ("branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_search_user_kind_name_uq" ON "saved_search" USING btree ("user_id","kind","name");--> statement-breakpoint
CREATE INDEX "search_order_created_idx" ON "search_order" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_order_branch_created_idx" ON "search_order" USING btree ("branch_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_order_status_created_idx" ON "search_order" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_order_status_rank_idx" ON "search_order" USING btree ("status_rank","id");--> statement-breakpoint
CREATE INDEX "search_order_customer_sort_idx" ON "search_order" USING btree ("customer_name","id");--> statement-breakpoint
CREATE INDEX "search_order_received_idx" ON "search_order" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "search_order_ordered_idx" ON "search_order" USING btree ("ordered_at");--> statement-breakpoint
CREATE INDEX "search_order_technician_idx" ON "search_order" USING btree ("technician_id","created_at");--> statement-breakpoint
CREATE INDEX "search_order_request_idx" ON "search_order" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "search_order_agency_idx" ON "search_order" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "search_order_counter_idx" ON "search_order" USING btree ("counter_id");--> statement-breakpoint
CREATE INDEX "search_order_list_idx" ON "search_order" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "search_order_customer_idx" ON "search_order" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "search_order_keys_idx" ON "search_order" USING gin ("keys");--> statement-breakpoint
CREATE INDEX "search_order_serials_trgm_idx" ON "search_order" USING gin ("serials" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_order_text_trgm_idx" ON "search_order" USING gin ("text_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_order_customer_trgm_idx" ON "search_order" USING gin ("customer_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_order_deliverer_trgm_idx" ON "search_order" USING gin ("deliverer_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_order_parts_trgm_idx" ON "search_order" USING gin ("parts_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_request_created_idx" ON "search_request" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_request_branch_created_idx" ON "search_request" USING btree ("branch_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_request_status_created_idx" ON "search_request" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_request_status_rank_idx" ON "search_request" USING btree ("status_rank","id");--> statement-breakpoint
CREATE INDEX "search_request_customer_sort_idx" ON "search_request" USING btree ("customer_name","id");--> statement-breakpoint
CREATE INDEX "search_request_received_idx" ON "search_request" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "search_request_ordered_idx" ON "search_request" USING btree ("ordered_at");--> statement-breakpoint
CREATE INDEX "search_request_technician_idx" ON "search_request" USING btree ("technician_id","created_at");--> statement-breakpoint
CREATE INDEX "search_request_request_idx" ON "search_request" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "search_request_agency_idx" ON "search_request" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "search_request_counter_idx" ON "search_request" USING btree ("counter_id");--> statement-breakpoint
CREATE INDEX "search_request_list_idx" ON "search_request" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "search_request_customer_idx" ON "search_request" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "search_request_keys_idx" ON "search_request" USING gin ("keys");--> statement-breakpoint
CREATE INDEX "search_request_serials_trgm_idx" ON "search_request" USING gin ("serials" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_request_text_trgm_idx" ON "search_request" USING gin ("text_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_request_customer_trgm_idx" ON "search_request" USING gin ("customer_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_request_deliverer_trgm_idx" ON "search_request" USING gin ("deliverer_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_request_parts_trgm_idx" ON "search_request" USING gin ("parts_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_work_log_created_idx" ON "search_work_log" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_work_log_branch_created_idx" ON "search_work_log" USING btree ("branch_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_work_log_status_created_idx" ON "search_work_log" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_work_log_status_rank_idx" ON "search_work_log" USING btree ("status_rank","id");--> statement-breakpoint
CREATE INDEX "search_work_log_customer_sort_idx" ON "search_work_log" USING btree ("customer_name","id");--> statement-breakpoint
CREATE INDEX "search_work_log_received_idx" ON "search_work_log" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "search_work_log_ordered_idx" ON "search_work_log" USING btree ("ordered_at");--> statement-breakpoint
CREATE INDEX "search_work_log_technician_idx" ON "search_work_log" USING btree ("technician_id","created_at");--> statement-breakpoint
CREATE INDEX "search_work_log_request_idx" ON "search_work_log" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "search_work_log_agency_idx" ON "search_work_log" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "search_work_log_counter_idx" ON "search_work_log" USING btree ("counter_id");--> statement-breakpoint
CREATE INDEX "search_work_log_list_idx" ON "search_work_log" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "search_work_log_customer_idx" ON "search_work_log" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "search_work_log_keys_idx" ON "search_work_log" USING gin ("keys");--> statement-breakpoint
CREATE INDEX "search_work_log_serials_trgm_idx" ON "search_work_log" USING gin ("serials" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_work_log_text_trgm_idx" ON "search_work_log" USING gin ("text_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_work_log_customer_trgm_idx" ON "search_work_log" USING gin ("customer_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_work_log_deliverer_trgm_idx" ON "search_work_log" USING gin ("deliverer_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_work_log_parts_trgm_idx" ON "search_work_log" USING gin ("parts_norm" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "stock_document_number_uq" ON "stock_document" USING btree ("branch_id","jalali_year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_document_reverses_uq" ON "stock_document" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "stock_document_request_idx" ON "stock_document" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "stock_document_work_log_idx" ON "stock_document" USING btree ("work_log_id");--> statement-breakpoint
CREATE INDEX "stock_document_kind_idx" ON "stock_document" USING btree ("branch_id","kind","status");--> statement-breakpoint
CREATE INDEX "stock_move_document_idx" ON "stock_move" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "stock_move_stock_idx" ON "stock_move" USING btree ("warehouse_id","product_id");--> statement-breakpoint
CREATE INDEX "warehouse_branch_idx" ON "warehouse" USING btree ("branch_id","kind");--> statement-breakpoint
CREATE INDEX "invoice_line_invoice_idx" ON "invoice_line" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_number_uq" ON "invoice" USING btree ("branch_id","jalali_year","seq");--> statement-breakpoint
CREATE INDEX "invoice_request_idx" ON "invoice" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "journal_entry_date_idx" ON "journal_entry" USING btree ("entry_date");--> statement-breakpoint
CREATE INDEX "journal_entry_source_idx" ON "journal_entry" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "journal_line_entry_idx" ON "journal_line" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "journal_line_account_idx" ON "journal_line" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "payment_invoice_idx" ON "payment" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_line_month_tech_uq" ON "payroll_line" USING btree ("month_id","technician_id");--> statement-breakpoint
CREATE INDEX "payroll_line_technician_idx" ON "payroll_line" USING btree ("technician_id");