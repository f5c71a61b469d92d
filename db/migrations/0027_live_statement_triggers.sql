-- Issue 19: the live events of coupons and transfers (migration 0013) are written per STATEMENT, not per row. Each
-- trigger reads the statement's transition tables and writes the same live_events rows the row triggers wrote (same
-- topic, audiences and ref; each distinct non-null audience of a row once) in ONE INSERT … SELECT, with no plpgsql
-- call per row. PostgreSQL allows transition tables only on a trigger for one event, so INSERT and UPDATE keep
-- separate triggers; an UPDATE pairs OLD and NEW rows on id and keeps the row triggers' WHEN conditions as a filter
-- (only rows whose watched columns changed are announced). Duplicates are dropped by CASE rather than DISTINCT, so
-- no sort or hash runs over a campaign's rows.
-- Announcing: a statement that wrote up to 16 events (an offer, an accept: two or three) notifies each event whole,
-- in id order, exactly as before — the listener delivers those at once and in commit order, with no query. A bigger
-- one (a campaign slice, a batch) sends ONE notification naming the range of ids, which each listener reads for the
-- audiences it serves (lib/live/live-hub.ts), as statements and notifications do; range reads run asynchronously,
-- so announcing every statement by range would let a later event of the same commit overtake an earlier one.
-- Nothing written, nothing sent.
CREATE OR REPLACE FUNCTION scrip_live_announce_written(p_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_event record;
BEGIN
  IF coalesce(cardinality(p_ids), 0) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(p_ids) <= 16 THEN
    FOR v_event IN SELECT id, audience, topic, ref FROM live_events WHERE id = ANY (p_ids) ORDER BY id LOOP
      PERFORM pg_notify('scrip_live', json_build_object(
        'id', v_event.id::text, 'a', v_event.audience, 't', v_event.topic, 'r', v_event.ref)::text);
    END LOOP;
  ELSE
    PERFORM pg_notify('scrip_live', json_build_object('from', min(id)::text, 'to', max(id)::text)::text)
      FROM unnest(p_ids) AS id;
  END IF;
END $$;
--> statement-breakpoint
-- Offers and their outcomes: the giver, the recipient, and whoever accepted an open (claim-link) offer.
CREATE OR REPLACE FUNCTION scrip_live_transfers_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH written AS (
      INSERT INTO live_events (audience, topic, ref)
      SELECT a, 'transfer', n.id
        FROM new_rows n,
             unnest(ARRAY[
               n.from_party_id,
               CASE WHEN n.to_party_id IS DISTINCT FROM n.from_party_id THEN n.to_party_id END,
               CASE WHEN n.accepted_by_party_id IS DISTINCT FROM n.from_party_id
                     AND n.accepted_by_party_id IS DISTINCT FROM n.to_party_id THEN n.accepted_by_party_id END
             ]) AS a
       WHERE a IS NOT NULL
      RETURNING id
    )
    SELECT array_agg(id) INTO v_ids FROM written;
  ELSE
    WITH written AS (
      INSERT INTO live_events (audience, topic, ref)
      SELECT a, 'transfer', n.id
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id,
             unnest(ARRAY[
               n.from_party_id,
               CASE WHEN n.to_party_id IS DISTINCT FROM n.from_party_id THEN n.to_party_id END,
               CASE WHEN n.accepted_by_party_id IS DISTINCT FROM n.from_party_id
                     AND n.accepted_by_party_id IS DISTINCT FROM n.to_party_id THEN n.accepted_by_party_id END
             ]) AS a
       WHERE o.status IS DISTINCT FROM n.status AND a IS NOT NULL
      RETURNING id
    )
    SELECT array_agg(id) INTO v_ids FROM written;
  END IF;
  PERFORM scrip_live_announce_written(v_ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Coupons: the owner (before and after an owner change) and, when it is paid for, the requester whose credit it uses.
CREATE OR REPLACE FUNCTION scrip_live_coupons_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH written AS (
      INSERT INTO live_events (audience, topic, ref)
      SELECT a, 'coupon', n.id
        FROM new_rows n,
             unnest(ARRAY[
               n.owner_party_id,
               CASE WHEN n.requester_party_id IS DISTINCT FROM n.owner_party_id THEN n.requester_party_id END
             ]) AS a
       WHERE a IS NOT NULL
      RETURNING id
    )
    SELECT array_agg(id) INTO v_ids FROM written;
  ELSE
    WITH written AS (
      INSERT INTO live_events (audience, topic, ref)
      SELECT a, 'coupon', n.id
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id,
             unnest(ARRAY[
               n.owner_party_id,
               CASE WHEN o.owner_party_id IS DISTINCT FROM n.owner_party_id THEN o.owner_party_id END,
               CASE WHEN o.funded IS DISTINCT FROM n.funded
                     AND n.requester_party_id IS DISTINCT FROM n.owner_party_id
                     AND n.requester_party_id IS DISTINCT FROM o.owner_party_id THEN n.requester_party_id END
             ]) AS a
       WHERE (o.status, o.owner_party_id, o.funded, o.version)
               IS DISTINCT FROM (n.status, n.owner_party_id, n.funded, n.version)
         AND a IS NOT NULL
      RETURNING id
    )
    SELECT array_agg(id) INTO v_ids FROM written;
  END IF;
  PERFORM scrip_live_announce_written(v_ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER transfers_live_insert ON transfers;--> statement-breakpoint
DROP TRIGGER transfers_live_update ON transfers;--> statement-breakpoint
DROP TRIGGER coupons_live_insert ON coupons;--> statement-breakpoint
DROP TRIGGER coupons_live_update ON coupons;--> statement-breakpoint
DROP FUNCTION scrip_live_transfer();--> statement-breakpoint
DROP FUNCTION scrip_live_coupon();--> statement-breakpoint
CREATE TRIGGER transfers_live_insert AFTER INSERT ON transfers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION scrip_live_transfers_written();--> statement-breakpoint
CREATE TRIGGER transfers_live_update AFTER UPDATE ON transfers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION scrip_live_transfers_written();--> statement-breakpoint
CREATE TRIGGER coupons_live_insert AFTER INSERT ON coupons REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION scrip_live_coupons_written();--> statement-breakpoint
CREATE TRIGGER coupons_live_update AFTER UPDATE ON coupons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION scrip_live_coupons_written();
