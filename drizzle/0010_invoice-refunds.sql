ALTER TABLE "invoice" ADD COLUMN "refunded_rials" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "direction" text DEFAULT 'receipt' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_refunded_ck" CHECK ("invoice"."refunded_rials" >= 0 and "invoice"."refunded_rials" <= "invoice"."refund_due_rials");