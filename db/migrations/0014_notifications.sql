CREATE TYPE "public"."notification_kind" AS ENUM('offer_received', 'offer_accepted', 'offer_declined', 'offer_expired', 'refund_offered', 'issuance_approved', 'issuance_rejected', 'statement_issued', 'payout_sent', 'security');--> statement-breakpoint
CREATE TABLE "demo_mailbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"mail_from" text NOT NULL,
	"rcpt_to" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"message_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_addresses" (
	"user_id" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"verified_at" timestamp with time zone,
	"token_hash" text,
	"token_expires_at" timestamp with time zone,
	"opted_out" "notification_kind"[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_addresses_address_length" CHECK (char_length("email_addresses"."address") between 3 and 254),
	CONSTRAINT "email_addresses_token_pair" CHECK (("email_addresses"."token_hash" is null) = ("email_addresses"."token_expires_at" is null))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"ref" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"email_done_at" timestamp with time zone,
	"email_lease_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "email_addresses" ADD CONSTRAINT "email_addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demo_mailbox_received_idx" ON "demo_mailbox" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "email_addresses_token_idx" ON "email_addresses" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "notifications_party_idx" ON "notifications" USING btree ("party_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("party_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_email_due_idx" ON "notifications" USING btree ("created_at") WHERE "notifications"."email_done_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_read_idx" ON "notifications" USING btree ("read_at") WHERE "notifications"."read_at" is not null;--> statement-breakpoint
-- Issue 15, notifications. Every notification row is written by the AFTER triggers below, in the transaction of
-- the change it tells about: a change that rolls back leaves no notification, and no domain function writes one.
-- Only people's wallet parties are notified (shops have no notification centre). The words are composed in
-- TypeScript from `kind` and the row `ref` points at (lib/notifications/describe-notification.ts).
CREATE FUNCTION scrip_notify_party(p_party_id text, p_kind notification_kind, p_ref text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_party_id IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO notifications (party_id, kind, ref)
  SELECT p.id, p_kind, p_ref FROM parties p WHERE p.id = p_party_id AND p.kind = 'user';
  -- Live updates (migration 0013, issue 15 "Live everywhere") hook in here, e.g.
  --   PERFORM scrip_live_event('party:' || p_party_id, 'notification', p_ref);
  -- in the same transaction, so a browser hears of the notification only once it committed.
END;
$$;
--> statement-breakpoint
-- Transfers: a directed offer (or a shop's refund offer, which carries the order) tells its recipient; the
-- outcome tells the person who offered. Checkout payments (a person's coupons offered to and accepted by a shop
-- for an order) tell nobody: the buyer is the one who paid. Cancelling one's own offer tells nobody.
CREATE FUNCTION scrip_notify_transfer() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'pending' AND NEW.to_party_id IS NOT NULL THEN
      PERFORM scrip_notify_party(
        NEW.to_party_id,
        CASE WHEN NEW.order_id IS NULL THEN 'offer_received' ELSE 'refund_offered' END::notification_kind,
        NEW.id);
    END IF;
    RETURN NULL;
  END IF;
  IF OLD.status = 'pending' AND NEW.status IS DISTINCT FROM OLD.status AND NEW.order_id IS NULL THEN
    IF NEW.status = 'accepted' THEN
      PERFORM scrip_notify_party(NEW.from_party_id, 'offer_accepted', NEW.id);
    ELSIF NEW.status = 'declined' THEN
      PERFORM scrip_notify_party(NEW.from_party_id, 'offer_declined', NEW.id);
    ELSIF NEW.status = 'expired' THEN
      PERFORM scrip_notify_party(NEW.from_party_id, 'offer_expired', NEW.id);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transfers_notify AFTER INSERT OR UPDATE OF status ON transfers
  FOR EACH ROW EXECUTE FUNCTION scrip_notify_transfer();
--> statement-breakpoint
-- Issuance requests: only an admin's decision on a request that waited for approval is news to the requester
-- (a request below the threshold is issued while they watch).
CREATE FUNCTION scrip_notify_issuance() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'awaiting_approval' AND NEW.status = 'issued' THEN
    PERFORM scrip_notify_party(NEW.party_id, 'issuance_approved', NEW.id);
  ELSIF OLD.status = 'awaiting_approval' AND NEW.status = 'rejected' THEN
    PERFORM scrip_notify_party(NEW.party_id, 'issuance_rejected', NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER issuance_requests_notify AFTER UPDATE OF status ON issuance_requests
  FOR EACH ROW EXECUTE FUNCTION scrip_notify_issuance();
--> statement-breakpoint
-- Statements: a new invoice or payout statement (a charging run writes up to one per party, so these are
-- statement-level triggers over the transition tables: one INSERT … SELECT per run, not one call per row), and a
-- payout marked sent (settlement, singly or in bulk).
CREATE FUNCTION scrip_notify_statements_issued() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (party_id, kind, ref)
  SELECT n.party_id, 'statement_issued', n.id FROM new_rows n JOIN parties p ON p.id = n.party_id AND p.kind = 'user';
  -- Live updates (migration 0013) hook in here too, one event per inserted notification.
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statements_notify_issued AFTER INSERT ON statements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scrip_notify_statements_issued();
--> statement-breakpoint
CREATE FUNCTION scrip_notify_payouts_sent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (party_id, kind, ref)
  SELECT n.party_id, 'payout_sent', n.id
  FROM new_rows n
  JOIN old_rows o ON o.id = n.id
  JOIN parties p ON p.id = n.party_id AND p.kind = 'user'
  WHERE o.status = 'open' AND n.status = 'settled' AND n.kind = 'payout';
  -- Live updates (migration 0013) hook in here too, one event per inserted notification.
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statements_notify_payouts AFTER UPDATE ON statements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION scrip_notify_payouts_sent();
--> statement-breakpoint
-- Security events: each is news to the person (and its email cannot be turned off), except those written in
-- the transaction that created the account (sign-up's first passkey and recovery codes: the person is doing it).
CREATE FUNCTION scrip_notify_security_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_notify_party(
    (SELECT u.party_id FROM users u WHERE u.id = NEW.user_id AND u.created_at <> now()), 'security', NEW.id::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER security_events_notify AFTER INSERT ON security_events
  FOR EACH ROW EXECUTE FUNCTION scrip_notify_security_event();
