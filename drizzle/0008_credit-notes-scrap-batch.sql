CREATE TABLE "credit_note_line" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_note_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"credit_note_id" integer NOT NULL,
	"invoice_line_id" integer NOT NULL,
	"quantity" numeric(12, 3) NOT NULL,
	"unit_price_rials" bigint NOT NULL,
	"amount_rials" bigint NOT NULL,
	CONSTRAINT "credit_note_line_qty_ck" CHECK ("credit_note_line"."quantity" > 0 and "credit_note_line"."amount_rials" >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_note" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_note_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"jalali_year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"invoice_id" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"reason" text NOT NULL,
	"restock" boolean DEFAULT true NOT NULL,
	"subtotal_rials" bigint DEFAULT 0 NOT NULL,
	"discount_rials" bigint DEFAULT 0 NOT NULL,
	"vat_rials" bigint DEFAULT 0 NOT NULL,
	"total_rials" bigint DEFAULT 0 NOT NULL,
	"applied_rials" bigint DEFAULT 0 NOT NULL,
	"refund_rials" bigint DEFAULT 0 NOT NULL,
	"created_by" integer,
	"posted_by" integer,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_note_number_unique" UNIQUE("number"),
	CONSTRAINT "credit_note_amounts_ck" CHECK ("credit_note"."discount_rials" >= 0 and "credit_note"."vat_rials" >= 0 and "credit_note"."total_rials" = "credit_note"."subtotal_rials" - "credit_note"."discount_rials" + "credit_note"."vat_rials" and "credit_note"."applied_rials" >= 0 and "credit_note"."refund_rials" >= 0 and ("credit_note"."status" = 'draft' or "credit_note"."applied_rials" + "credit_note"."refund_rials" = "credit_note"."total_rials"))
);
--> statement-breakpoint
ALTER TABLE "stock_document" ADD COLUMN "credit_note_id" integer;--> statement-breakpoint
ALTER TABLE "stock_document" ADD COLUMN "period" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice" ADD COLUMN "credited_rials" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice" ADD COLUMN "refund_due_rials" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_note_line" ADD CONSTRAINT "credit_note_line_credit_note_id_credit_note_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."credit_note"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note_line" ADD CONSTRAINT "credit_note_line_invoice_line_id_invoice_line_id_fk" FOREIGN KEY ("invoice_line_id") REFERENCES "public"."invoice_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note" ADD CONSTRAINT "credit_note_branch_id_branch_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note" ADD CONSTRAINT "credit_note_invoice_id_invoice_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoice"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note" ADD CONSTRAINT "credit_note_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note" ADD CONSTRAINT "credit_note_posted_by_app_user_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_note_line_note_idx" ON "credit_note_line" USING btree ("credit_note_id");--> statement-breakpoint
CREATE INDEX "credit_note_line_invoice_line_idx" ON "credit_note_line" USING btree ("invoice_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_note_number_uq" ON "credit_note" USING btree ("branch_id","jalali_year","seq");--> statement-breakpoint
CREATE INDEX "credit_note_invoice_idx" ON "credit_note" USING btree ("invoice_id");--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_credit_ck" CHECK ("invoice"."credited_rials" >= 0 and "invoice"."credited_rials" <= "invoice"."total_rials" and "invoice"."refund_due_rials" >= 0 and "invoice"."refund_due_rials" <= "invoice"."credited_rials" and "invoice"."paid_rials" + "invoice"."credited_rials" - "invoice"."refund_due_rials" <= "invoice"."total_rials");