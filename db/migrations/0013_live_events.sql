-- Issue 15, "live everywhere": every change another party sees is announced in the SAME transaction as the change,
-- by AFTER triggers calling scrip_live_event(audience, topic, ref), which writes a live_events row and
-- pg_notify('scrip_live', …). A rolled-back change announces nothing; NOTIFY is delivered only at commit. Each app
-- process LISTENs on one connection and forwards an event (id, topic, ref — never the row itself) to the browsers
-- whose audiences include it (lib/live). An audience is a party id, or 'admin' for the back office.
--
-- Hooking another table is one line in its trigger function, e.g. for a notifications table:
--   CREATE FUNCTION scrip_live_notification() RETURNS trigger LANGUAGE plpgsql AS $$
--   BEGIN PERFORM scrip_live_event(NEW.party_id, 'notification', NEW.id); RETURN NULL; END $$;
--   CREATE TRIGGER notifications_live AFTER INSERT OR UPDATE ON notifications
--     FOR EACH ROW EXECUTE FUNCTION scrip_live_notification();
-- (and add the topic to lib/live/topics.ts so the pages that show it refresh).
CREATE TABLE "live_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"audience" text NOT NULL,
	"topic" text NOT NULL,
	"ref" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_events_audience_length" CHECK (char_length("live_events"."audience") between 1 and 100),
	CONSTRAINT "live_events_topic_length" CHECK (char_length("live_events"."topic") between 1 and 40),
	CONSTRAINT "live_events_ref_length" CHECK (char_length("live_events"."ref") <= 200)
);
--> statement-breakpoint
CREATE INDEX "live_events_audience_idx" ON "live_events" USING btree ("audience","id");--> statement-breakpoint
CREATE INDEX "live_events_created_idx" ON "live_events" USING btree ("created_at");--> statement-breakpoint
-- One event for one audience (nothing when the audience is null). The notification carries the event itself, so a
-- listener needs no query; its id is text because JSON numbers lose precision past 2^53.
CREATE OR REPLACE FUNCTION scrip_live_event(p_audience text, p_topic text, p_ref text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
BEGIN
  IF p_audience IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO live_events (audience, topic, ref) VALUES (p_audience, p_topic, coalesce(p_ref, ''))
    RETURNING id INTO v_id;
  PERFORM pg_notify('scrip_live',
    json_build_object('id', v_id::text, 'a', p_audience, 't', p_topic, 'r', coalesce(p_ref, ''))::text);
END $$;
--> statement-breakpoint
-- The same event for several audiences, each distinct non-null one once.
CREATE OR REPLACE FUNCTION scrip_live_events(p_audiences text[], p_topic text, p_ref text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_audience text;
BEGIN
  FOR v_audience IN SELECT DISTINCT a FROM unnest(p_audiences) AS a WHERE a IS NOT NULL LOOP
    PERFORM scrip_live_event(v_audience, p_topic, p_ref);
  END LOOP;
END $$;
--> statement-breakpoint
-- Offers and their outcomes: the giver, the recipient, and whoever accepted an open (claim-link) offer.
CREATE OR REPLACE FUNCTION scrip_live_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_events(ARRAY[NEW.from_party_id, NEW.to_party_id, NEW.accepted_by_party_id], 'transfer', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transfers_live_insert AFTER INSERT ON transfers FOR EACH ROW EXECUTE FUNCTION scrip_live_transfer();--> statement-breakpoint
CREATE TRIGGER transfers_live_update AFTER UPDATE ON transfers FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION scrip_live_transfer();--> statement-breakpoint
-- Coupons: the owner (before and after an owner change) and, when it is paid for, the requester whose credit it uses.
CREATE OR REPLACE FUNCTION scrip_live_coupon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM scrip_live_events(ARRAY[NEW.owner_party_id, NEW.requester_party_id], 'coupon', NEW.id);
  ELSE
    PERFORM scrip_live_events(
      ARRAY[NEW.owner_party_id, OLD.owner_party_id,
            CASE WHEN OLD.funded IS DISTINCT FROM NEW.funded THEN NEW.requester_party_id END],
      'coupon', NEW.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER coupons_live_insert AFTER INSERT ON coupons FOR EACH ROW EXECUTE FUNCTION scrip_live_coupon();--> statement-breakpoint
CREATE TRIGGER coupons_live_update AFTER UPDATE ON coupons FOR EACH ROW
  WHEN ((OLD.status, OLD.owner_party_id, OLD.funded, OLD.version)
    IS DISTINCT FROM (NEW.status, NEW.owner_party_id, NEW.funded, NEW.version))
  EXECUTE FUNCTION scrip_live_coupon();--> statement-breakpoint
-- Coupon requests: the requester; the back office while a request waits for (or just got) a decision.
CREATE OR REPLACE FUNCTION scrip_live_issuance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_events(
    ARRAY[NEW.party_id,
          CASE WHEN NEW.status = 'awaiting_approval'
                 OR (TG_OP = 'UPDATE' AND OLD.status = 'awaiting_approval') THEN 'admin' END],
    'issuance', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER issuance_requests_live_insert AFTER INSERT ON issuance_requests FOR EACH ROW
  EXECUTE FUNCTION scrip_live_issuance();--> statement-breakpoint
CREATE TRIGGER issuance_requests_live_update AFTER UPDATE ON issuance_requests FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION scrip_live_issuance();--> statement-breakpoint
-- Orders: the buyer and the shop.
CREATE OR REPLACE FUNCTION scrip_live_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_events(
    ARRAY[NEW.buyer_party_id, (SELECT s.party_id FROM shops s WHERE s.id = NEW.shop_id)], 'order', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orders_live_insert AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION scrip_live_order();--> statement-breakpoint
CREATE TRIGGER orders_live_update AFTER UPDATE ON orders FOR EACH ROW
  WHEN ((OLD.status, OLD.refunded_minor) IS DISTINCT FROM (NEW.status, NEW.refunded_minor))
  EXECUTE FUNCTION scrip_live_order();--> statement-breakpoint
-- Refunds (a coupon an order gives back): the buyer and the shop, with the order as the reference.
CREATE OR REPLACE FUNCTION scrip_live_refund() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_events(
    (SELECT ARRAY[o.buyer_party_id, s.party_id] FROM orders o JOIN shops s ON s.id = o.shop_id WHERE o.id = NEW.order_id),
    'refund', NEW.order_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER order_coupons_live_refund AFTER INSERT ON order_coupons FOR EACH ROW
  WHEN (NEW.kind = 'refund') EXECUTE FUNCTION scrip_live_refund();--> statement-breakpoint
-- Statements: a charging run writes up to one per party in one statement, so they are announced in bulk — one
-- INSERT … SELECT into live_events and ONE notification naming the range of ids, which each listener reads for the
-- audiences it serves (the range may also hold other transactions' events, which were announced on their own).
CREATE OR REPLACE FUNCTION scrip_live_statements_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_from bigint;
  v_to bigint;
BEGIN
  WITH written AS (
    INSERT INTO live_events (audience, topic, ref) SELECT n.party_id, 'statement', n.id FROM new_rows n RETURNING id
  )
  SELECT min(id), max(id) INTO v_from, v_to FROM written;
  IF v_from IS NOT NULL THEN
    PERFORM pg_notify('scrip_live', json_build_object('from', v_from::text, 'to', v_to::text)::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_live_insert AFTER INSERT ON statements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION scrip_live_statements_inserted();--> statement-breakpoint
-- A statement settled (invoice paid, payout sent): its party and the back office.
CREATE OR REPLACE FUNCTION scrip_live_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_events(ARRAY[NEW.party_id, 'admin'], 'statement', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_live_update AFTER UPDATE ON statements FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION scrip_live_statement();--> statement-breakpoint
-- Settlements waiting for a second admin: the back office.
CREATE OR REPLACE FUNCTION scrip_live_settlement_approval() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_event('admin', 'settlement', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER settlement_approvals_live AFTER INSERT OR UPDATE ON settlement_approvals FOR EACH ROW
  EXECUTE FUNCTION scrip_live_settlement_approval();--> statement-breakpoint
-- Suspension and reinstatement: the back office's counters.
CREATE OR REPLACE FUNCTION scrip_live_party() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_event('admin', 'party', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER parties_live_status AFTER UPDATE ON parties FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION scrip_live_party();--> statement-breakpoint
-- A person's security events: their own wallet.
CREATE OR REPLACE FUNCTION scrip_live_security_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_event((SELECT u.party_id FROM users u WHERE u.id = NEW.user_id), 'security', NEW.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER security_events_live AFTER INSERT ON security_events FOR EACH ROW
  EXECUTE FUNCTION scrip_live_security_event();--> statement-breakpoint
-- A session ended: its person's streams re-check their sessions at once (the session id itself is never sent).
CREATE OR REPLACE FUNCTION scrip_live_session_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_event((SELECT u.party_id FROM users u WHERE u.id = NEW.user_id), 'session', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_live_revoked AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION scrip_live_session_revoked();--> statement-breakpoint
-- Shop membership: the member (whose streams then also follow, or stop following, the shop) and the shop.
CREATE OR REPLACE FUNCTION scrip_live_membership() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_row shop_members%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN v_row := OLD; ELSE v_row := NEW; END IF;
  PERFORM scrip_live_events(
    ARRAY[(SELECT u.party_id FROM users u WHERE u.id = v_row.user_id),
          (SELECT s.party_id FROM shops s WHERE s.id = v_row.shop_id)],
    'membership', v_row.shop_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER shop_members_live AFTER INSERT OR UPDATE OR DELETE ON shop_members FOR EACH ROW
  EXECUTE FUNCTION scrip_live_membership();
