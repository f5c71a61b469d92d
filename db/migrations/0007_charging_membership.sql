-- Charging runs never update postings (DESIGN.md invariant 5 by construction): a run covers the billable postings
-- created before its period end by transactions that had finished when it took its snapshot, minus what earlier
-- runs covered. Both bounds only grow from run to run, so a posting belongs to the first run that covers it.

-- A new public id (lib/ids.ts shape: prefix + 128 random bits in base64url), for rows written in bulk by SQL.
CREATE FUNCTION scrip_new_id(prefix text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT prefix || '_' || translate(rtrim(encode(substring(
    sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())) FROM 1 FOR 16), 'base64'), '='), '+/', '-_')
$$;
--> statement-breakpoint

-- Postings a charging run totals: the ones that charge or credit a party. Settlement postings (invoice_settled,
-- payout_sent) settle a statement and are never billed again.
CREATE FUNCTION scrip_posting_billable(kind posting_kind) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT kind IN ('funding', 'conversion')
$$;
--> statement-breakpoint

-- The charging run a posting belongs to, or null while it is unbilled (or not billable). An explicit
-- charging_run_id (written before runs were derived) wins; runs exclude such postings.
CREATE FUNCTION scrip_posting_run_id(p postings) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(p.charging_run_id, CASE WHEN scrip_posting_billable(p.kind) THEN (
    SELECT r.id FROM charging_runs r
    WHERE r.status = 'completed' AND r.period_end > p.created_at AND r.snapshot_xmin > p.xid
    ORDER BY r.period_end LIMIT 1) END)
$$;
--> statement-breakpoint

-- True for a billable posting no charging run has covered yet.
CREATE FUNCTION scrip_posting_unbilled(p postings) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT scrip_posting_billable(p.kind) AND scrip_posting_run_id(p) IS NULL
$$;
--> statement-breakpoint

-- The inserting transaction id is as immutable as the rest of a posting.
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
  IF OLD.charging_run_id IS NOT NULL AND NEW.charging_run_id IS DISTINCT FROM OLD.charging_run_id THEN
    RAISE EXCEPTION 'posting % already belongs to charging run %', OLD.id, OLD.charging_run_id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint

-- Charging runs and their statements are history: a run's period and snapshot never change, and neither is
-- deleted. Statements change only from open to settled (amount, party, run fixed).
CREATE FUNCTION scrip_guard_charging_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'charging runs are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.period_start, NEW.period_end, NEW.snapshot_xmin) IS DISTINCT FROM
     (OLD.id, OLD.period_start, OLD.period_end, OLD.snapshot_xmin) THEN
    RAISE EXCEPTION 'a charging run''s period and snapshot are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER charging_runs_guard BEFORE UPDATE OR DELETE ON charging_runs
  FOR EACH ROW EXECUTE FUNCTION scrip_guard_charging_run();
--> statement-breakpoint
CREATE FUNCTION scrip_guard_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'statements are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.run_id, NEW.party_id, NEW.currency, NEW.kind, NEW.amount_minor) IS DISTINCT FROM
     (OLD.id, OLD.run_id, OLD.party_id, OLD.currency, OLD.kind, OLD.amount_minor) THEN
    RAISE EXCEPTION 'a statement''s amount and party are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status = 'settled' AND (NEW.status, NEW.settled_at, NEW.settlement_posting_id)
     IS DISTINCT FROM (OLD.status, OLD.settled_at, OLD.settlement_posting_id) THEN
    RAISE EXCEPTION 'statement % is already settled', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_guard BEFORE UPDATE OR DELETE ON statements
  FOR EACH ROW EXECUTE FUNCTION scrip_guard_statement();
