ALTER TABLE "charging_runs" ADD COLUMN "snapshot_xmin" "xid8" DEFAULT pg_snapshot_xmin(pg_current_snapshot()) NOT NULL;--> statement-breakpoint
ALTER TABLE "charging_runs" ADD COLUMN "trigger" text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "charging_runs_period_end_unique" ON "charging_runs" USING btree ("period_end");--> statement-breakpoint
CREATE INDEX "postings_xid_idx" ON "postings" USING btree ("xid");