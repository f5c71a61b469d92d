-- Guards that a CHECK or UNIQUE constraint cannot express (DESIGN.md invariants 1, 3, 4, 5, 6).

-- Coupon events and the audit log are append-only.
CREATE FUNCTION scrip_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER coupon_events_append_only BEFORE UPDATE OR DELETE ON coupon_events
  FOR EACH ROW EXECUTE FUNCTION scrip_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION scrip_refuse_change();
--> statement-breakpoint

-- Postings are immutable; a charging run may only claim an unbilled posting, once.
CREATE FUNCTION scrip_guard_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'postings are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.kind, NEW.debit_account_id, NEW.credit_account_id, NEW.amount_minor, NEW.currency,
      NEW.coupon_id, NEW.statement_id, NEW.memo, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.kind, OLD.debit_account_id, OLD.credit_account_id, OLD.amount_minor, OLD.currency,
      OLD.coupon_id, OLD.statement_id, OLD.memo, OLD.created_at) THEN
    RAISE EXCEPTION 'postings are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.charging_run_id IS NOT NULL AND NEW.charging_run_id IS DISTINCT FROM OLD.charging_run_id THEN
    RAISE EXCEPTION 'posting % already belongs to charging run %', OLD.id, OLD.charging_run_id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER postings_immutable BEFORE UPDATE OR DELETE ON postings
  FOR EACH ROW EXECUTE FUNCTION scrip_guard_posting();
--> statement-breakpoint

-- A coupon's value, currency, requester, issue data and parent never change; its version only grows;
-- a funded coupon stays funded. Coupons are never deleted.
CREATE FUNCTION scrip_guard_coupon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'coupons are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.amount_minor, NEW.currency, NEW.requester_party_id, NEW.issued_at, NEW.parent_id,
      NEW.value_kid, NEW.value_signature, NEW.issuance_request_id)
     IS DISTINCT FROM
     (OLD.id, OLD.amount_minor, OLD.currency, OLD.requester_party_id, OLD.issued_at, OLD.parent_id,
      OLD.value_kid, OLD.value_signature, OLD.issuance_request_id) THEN
    RAISE EXCEPTION 'coupon value fields are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.version < OLD.version THEN
    RAISE EXCEPTION 'coupon version may only grow (% -> %)', OLD.version, NEW.version
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.funded AND NOT NEW.funded THEN
    RAISE EXCEPTION 'a funded coupon cannot become unfunded' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.owner_party_id IS DISTINCT FROM OLD.owner_party_id AND NEW.version = OLD.version THEN
    RAISE EXCEPTION 'an owner change must increment the version' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER coupons_guard BEFORE UPDATE OR DELETE ON coupons
  FOR EACH ROW EXECUTE FUNCTION scrip_guard_coupon();
