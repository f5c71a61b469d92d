-- The change of a purchase: when a checkout (storefront or hosted payment page) pays only part of its last coupon,
-- it splits that coupon and the piece that stays with the buyer records the order it is the change of. The link
-- lives on the coupon (not as an order_coupons row) because no transfer moves the change: it never leaves the
-- buyer, and order_coupons rows are each one transfer to or from the shop, which the shop's order page lists. It
-- is written in the split's own transaction, only ever on a split piece, and once: it never changes after that.
ALTER TABLE "coupons" ADD COLUMN "change_order_id" text REFERENCES "orders"("id");--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_change_is_split_piece"
  CHECK ("change_order_id" IS NULL OR "parent_id" IS NOT NULL);--> statement-breakpoint
-- An order's receipt reads its change through this index; most coupons are no change, so it holds only those.
CREATE INDEX "coupons_change_order_idx" ON "coupons" USING btree ("change_order_id")
  WHERE "change_order_id" IS NOT NULL;--> statement-breakpoint
-- 0003's guard, plus: the change link is set at most once (from none to an order) and never moved or removed.
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
  IF OLD.change_order_id IS NOT NULL AND NEW.change_order_id IS DISTINCT FROM OLD.change_order_id THEN
    RAISE EXCEPTION 'the order a change coupon came from never changes' USING ERRCODE = 'restrict_violation';
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
-- Backfill, once: before this migration the receipt found the change by a heuristic, kept here as the last place
-- it runs. The change is the sibling of a piece that paid the order at its first version, split off by the buyer
-- and issued within seconds of the payment, that did not itself pay the order.
UPDATE "coupons" c SET "change_order_id" = m.order_id
FROM (
  SELECT DISTINCT ON (ch.id) ch.id, oc.order_id
  FROM order_coupons oc
    JOIN coupons paid ON paid.id = oc.coupon_id
    JOIN transfers pt ON pt.id = oc.transfer_id
    JOIN orders po ON po.id = oc.order_id
    JOIN coupons ch ON ch.parent_id = paid.parent_id AND ch.id <> paid.id
  WHERE oc.kind = 'payment' AND paid.parent_id IS NOT NULL AND pt.coupon_version = 1 AND po.paid_at IS NOT NULL
    AND ch.issued_at >= date_trunc('second', po.paid_at) - interval '5 seconds'
    AND ch.issued_at <= po.paid_at + interval '5 seconds'
    AND EXISTS (SELECT 1 FROM coupon_events e WHERE e.coupon_id = paid.parent_id AND e.kind = 'split'
                  AND e.actor_party_id = po.buyer_party_id)
    AND NOT EXISTS (SELECT 1 FROM order_coupons own WHERE own.coupon_id = ch.id AND own.kind = 'payment')
  ORDER BY ch.id, po.paid_at
) m
WHERE c.id = m.id;
