ALTER TABLE "statements" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
UPDATE "statements" SET "due_at" = "created_at" + interval '14 days' WHERE "kind" = 'invoice';--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_due_only_invoices" CHECK (("statements"."kind" = 'invoice') = ("statements"."due_at" is not null));
--> statement-breakpoint
-- The due date is part of what the invoice says: as immutable as its amount.
CREATE OR REPLACE FUNCTION scrip_guard_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'statements are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.run_id, NEW.party_id, NEW.currency, NEW.kind, NEW.amount_minor, NEW.due_at) IS DISTINCT FROM
     (OLD.id, OLD.run_id, OLD.party_id, OLD.currency, OLD.kind, OLD.amount_minor, OLD.due_at) THEN
    RAISE EXCEPTION 'a statement''s amount, party and due date are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status = 'settled' AND (NEW.status, NEW.settled_at, NEW.settlement_posting_id)
     IS DISTINCT FROM (OLD.status, OLD.settled_at, OLD.settlement_posting_id) THEN
    RAISE EXCEPTION 'statement % is already settled', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
