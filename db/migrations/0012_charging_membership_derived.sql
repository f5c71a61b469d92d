-- Which charging run billed a posting is derived only (migration 0007): the legacy explicit
-- postings.charging_run_id, which nothing has written since runs became derived, goes with its indexes and foreign
-- key; so do charging_runs.status (a run is written in one transaction with all its statements, so a run that
-- exists is complete) and scrip_derived_id (statement ids are drawn in Node). Refuse to migrate a database where
-- the legacy pieces still carry meaning, instead of silently moving postings between runs.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM postings WHERE charging_run_id IS NOT NULL) THEN
    RAISE EXCEPTION 'some postings carry an explicit charging_run_id; they must be re-billed by hand before this migration';
  END IF;
  IF EXISTS (SELECT 1 FROM charging_runs WHERE status <> 'completed') THEN
    RAISE EXCEPTION 'a charging run is not completed; it must be resolved by hand before this migration';
  END IF;
END $$;
--> statement-breakpoint

-- The reference definition of "which run billed this posting": the first run, by period end, whose period ended
-- after the posting was created and whose snapshot was taken after the posting's transaction had finished
-- (xid < snapshot_xmin); null while no run covers it, and always null for postings that are not billable.
-- Both bounds only grow from run to run (runCharging keeps snapshot_xmin from going down; checkLedger verifies
-- it), so the runs covering a posting are a suffix of the runs in period order and it belongs to exactly the
-- first. lib/charging/posting-run-sql.ts computes the same for queries over many postings.
CREATE OR REPLACE FUNCTION scrip_posting_run_id(p postings) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN scrip_posting_billable(p.kind) THEN (
    SELECT r.id FROM charging_runs r
    WHERE r.period_end > p.created_at AND r.snapshot_xmin > p.xid
    ORDER BY r.period_end LIMIT 1) END
$$;
--> statement-breakpoint

-- scrip_posting_unbilled(p) (migration 0007) stays: a billable posting whose scrip_posting_run_id is null.

-- Postings are immutable, their inserting transaction id included; no run is ever written onto them.
CREATE OR REPLACE FUNCTION scrip_guard_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'postings are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.kind, NEW.debit_account_id, NEW.credit_account_id, NEW.amount_minor, NEW.currency,
      NEW.coupon_id, NEW.statement_id, NEW.memo, NEW.created_at, NEW.xid)
     IS DISTINCT FROM
     (OLD.id, OLD.kind, OLD.debit_account_id, OLD.credit_account_id, OLD.amount_minor, OLD.currency,
      OLD.coupon_id, OLD.statement_id, OLD.memo, OLD.created_at, OLD.xid) THEN
    RAISE EXCEPTION 'postings are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP FUNCTION scrip_derived_id(text, text, bigint);--> statement-breakpoint
ALTER TABLE "postings" DROP CONSTRAINT "postings_charging_run_id_charging_runs_id_fk";--> statement-breakpoint
-- postings_unbilled_idx was `where charging_run_id is null`, i.e. every posting: a plain index on created_at
-- serves what it was used for (the oldest posting, recent volume, time-ordered exports).
DROP INDEX "postings_unbilled_idx";--> statement-breakpoint
DROP INDEX "postings_run_idx";--> statement-breakpoint
CREATE INDEX "postings_created_at_idx" ON "postings" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "postings" DROP COLUMN "charging_run_id";--> statement-breakpoint
ALTER TABLE "charging_runs" DROP COLUMN "status";--> statement-breakpoint
DROP TYPE "public"."charging_run_status";
