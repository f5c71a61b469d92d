-- A gift of several coupons (#15): one offer for the giver and the receiver, answered once. Every transfer of a
-- group shares its status, recipient (or claim code) and expiry; their coupons' values add up to its amount.
CREATE TABLE "transfer_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"from_party_id" text NOT NULL,
	"to_party_id" text,
	"claim_code_hash" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" "transfer_status" DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_by_party_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "transfer_groups_amount_positive" CHECK ("transfer_groups"."amount_minor" > 0),
	CONSTRAINT "transfer_groups_currency_format" CHECK ("transfer_groups"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "transfer_groups_has_recipient" CHECK ("transfer_groups"."to_party_id" is not null or "transfer_groups"."claim_code_hash" is not null),
	CONSTRAINT "transfer_groups_not_to_self" CHECK ("transfer_groups"."to_party_id" is null or "transfer_groups"."to_party_id" <> "transfer_groups"."from_party_id")
);
--> statement-breakpoint
ALTER TABLE "transfer_groups" ADD CONSTRAINT "transfer_groups_from_party_id_parties_id_fk" FOREIGN KEY ("from_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_groups" ADD CONSTRAINT "transfer_groups_to_party_id_parties_id_fk" FOREIGN KEY ("to_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_groups" ADD CONSTRAINT "transfer_groups_accepted_by_party_id_parties_id_fk" FOREIGN KEY ("accepted_by_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transfer_groups_claim_code_hash_unique" ON "transfer_groups" USING btree ("claim_code_hash");--> statement-breakpoint
CREATE INDEX "transfer_groups_to_party_idx" ON "transfer_groups" USING btree ("to_party_id","status");--> statement-breakpoint
ALTER TABLE "transfers" ADD COLUMN "group_id" text;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_group_id_transfer_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."transfer_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transfers_group_idx" ON "transfers" USING btree ("group_id") WHERE "transfers"."group_id" is not null;--> statement-breakpoint
-- The transfers of an open group share the group's claim code hash; a single transfer's stays unique.
DROP INDEX "transfers_claim_code_hash_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_claim_code_hash_unique" ON "transfers" USING btree ("claim_code_hash") WHERE "transfers"."group_id" is null;
--> statement-breakpoint
-- A gift of several coupons tells its receiver (and then its giver) once, like a single offer: only the first of
-- its transfers to reach a status notifies (the others reach it later in the same transaction and find it).
-- Otherwise as migration 0014.
CREATE OR REPLACE FUNCTION scrip_notify_transfer() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.group_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM transfers o WHERE o.group_id = NEW.group_id AND o.id <> NEW.id AND o.status = NEW.status) THEN
    RETURN NULL;
  END IF;
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
