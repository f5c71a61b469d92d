-- A coupon's expiry is part of its signed value part, so it is as immutable as the amount (0001 left it out).
CREATE OR REPLACE FUNCTION scrip_guard_coupon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'coupons are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.amount_minor, NEW.currency, NEW.requester_party_id, NEW.issued_at, NEW.expires_at, NEW.parent_id,
      NEW.value_kid, NEW.value_signature, NEW.issuance_request_id)
     IS DISTINCT FROM
     (OLD.id, OLD.amount_minor, OLD.currency, OLD.requester_party_id, OLD.issued_at, OLD.expires_at, OLD.parent_id,
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
