-- Issue 20: the ledger check's results, kept so the metrics endpoint can export the last one with its time
-- (scrip_ledger_check_violations, scrip_ledger_check_timestamp_seconds). Written by `npm run ledger:check` and
-- the admin health page's check; append-only.
CREATE TABLE "ledger_check_results" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_check_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"violation_count" integer NOT NULL,
	"invariants" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "ledger_check_results_violations" CHECK ("ledger_check_results"."violation_count" >= 0),
	CONSTRAINT "ledger_check_results_source" CHECK ("ledger_check_results"."source" in ('command', 'admin', 'job'))
);
--> statement-breakpoint
CREATE INDEX "ledger_check_results_checked_idx" ON "ledger_check_results" USING btree ("checked_at");