CREATE TYPE "public"."payout_batch_status" AS ENUM('draft', 'exported', 'sent', 'closed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."payout_item_state" AS ENUM('included', 'blocked_no_account', 'held_for_review', 'confirmed', 'returned', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."posting_kind" ADD VALUE 'payout_returned';--> statement-breakpoint
CREATE TABLE "bank_answer_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"kind" text NOT NULL,
	"imported_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_count" integer NOT NULL,
	"returned_count" integer NOT NULL,
	"not_ours_count" integer NOT NULL,
	CONSTRAINT "bank_answer_imports_kind" CHECK ("bank_answer_imports"."kind" in ('camt054', 'pain002'))
);
--> statement-breakpoint
CREATE TABLE "payout_batch_items" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"statement_id" text NOT NULL,
	"party_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"state" "payout_item_state" NOT NULL,
	"line" integer,
	"end_to_end_id" text NOT NULL,
	"account_masked" text,
	"held_until" timestamp with time zone,
	"return_reason_code" text,
	"return_reason_text" text,
	"bank_answer_at" timestamp with time zone,
	"bank_answer_id" text,
	CONSTRAINT "payout_batch_items_amount_positive" CHECK ("payout_batch_items"."amount_minor" > 0),
	CONSTRAINT "payout_batch_items_line" CHECK (("payout_batch_items"."line" is not null) = ("payout_batch_items"."state" in ('included', 'confirmed', 'returned', 'withdrawn'))),
	CONSTRAINT "payout_batch_items_reason_length" CHECK (char_length("payout_batch_items"."return_reason_text") <= 500)
);
--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"status" "payout_batch_status" DEFAULT 'draft' NOT NULL,
	"message_id" text NOT NULL,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"execution_date" text,
	"exported_at" timestamp with time zone,
	"exported_by_user_id" text,
	"exported_sha256" text,
	"sent_at" timestamp with time zone,
	"sent_by_user_id" text,
	"settlement_approval_id" text,
	"closed_at" timestamp with time zone,
	CONSTRAINT "payout_batches_currency_format" CHECK ("payout_batches"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "payout_batches_exported" CHECK (("payout_batches"."status" = 'draft' and "payout_batches"."exported_at" is null or "payout_batches"."status" in ('exported', 'sent', 'closed') and "payout_batches"."exported_at" is not null or "payout_batches"."status" = 'withdrawn') and ("payout_batches"."exported_at" is null) = ("payout_batches"."exported_sha256" is null)),
	CONSTRAINT "payout_batches_sent" CHECK (("payout_batches"."status" in ('sent', 'closed')) = ("payout_batches"."sent_at" is not null))
);
--> statement-breakpoint
DROP INDEX "postings_one_settlement_per_statement";--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "reverses_posting_id" text;--> statement-breakpoint
ALTER TABLE "bank_answer_imports" ADD CONSTRAINT "bank_answer_imports_imported_by_user_id_users_id_fk" FOREIGN KEY ("imported_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batch_items" ADD CONSTRAINT "payout_batch_items_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batch_items" ADD CONSTRAINT "payout_batch_items_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batch_items" ADD CONSTRAINT "payout_batch_items_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batch_items" ADD CONSTRAINT "payout_batch_items_bank_answer_id_bank_answer_imports_id_fk" FOREIGN KEY ("bank_answer_id") REFERENCES "public"."bank_answer_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_exported_by_user_id_users_id_fk" FOREIGN KEY ("exported_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_sent_by_user_id_users_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_settlement_approval_id_settlement_approvals_id_fk" FOREIGN KEY ("settlement_approval_id") REFERENCES "public"."settlement_approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_answer_imports_sha256_unique" ON "bank_answer_imports" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batch_items_statement_in_one_open_batch" ON "payout_batch_items" USING btree ("statement_id") WHERE "payout_batch_items"."state" in ('included', 'confirmed');--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batch_items_batch_statement_unique" ON "payout_batch_items" USING btree ("batch_id","statement_id");--> statement-breakpoint
CREATE INDEX "payout_batch_items_end_to_end_idx" ON "payout_batch_items" USING btree ("end_to_end_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batches_message_id_unique" ON "payout_batches" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "payout_batches_created_idx" ON "payout_batches" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_reverses_posting_id_postings_id_fk" FOREIGN KEY ("reverses_posting_id") REFERENCES "public"."postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "postings_one_invoice_settled_per_statement" ON "postings" USING btree ("statement_id") WHERE "postings"."statement_id" is not null and "postings"."kind" = 'invoice_settled';--> statement-breakpoint
CREATE UNIQUE INDEX "postings_one_return_per_payout" ON "postings" USING btree ("reverses_posting_id") WHERE "postings"."reverses_posting_id" is not null;--> statement-breakpoint
CREATE INDEX "postings_statement_idx" ON "postings" USING btree ("statement_id") WHERE "postings"."statement_id" is not null;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_return_reverses_a_payout" CHECK (("postings"."kind" in ('funding', 'conversion', 'invoice_settled', 'payout_sent')) = ("postings"."reverses_posting_id" is null) and ("postings"."reverses_posting_id" is null or "postings"."statement_id" is not null));--> statement-breakpoint
-- A payout is sent once per time it is owed: a new payout_sent is refused while the statement's previous one has
-- not been returned; a payout_returned reverses a payout_sent of the same statement (amount, currency, accounts
-- swapped). Concurrent writers hold the statement's row lock (lib/settlement/write-settlements.ts).
CREATE FUNCTION scrip_guard_payout_posting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sent postings;
BEGIN
  IF NEW.kind::text = 'payout_sent' THEN
    IF EXISTS (SELECT 1 FROM postings p WHERE p.statement_id = NEW.statement_id AND p.kind::text = 'payout_sent'
               AND NOT EXISTS (SELECT 1 FROM postings r WHERE r.reverses_posting_id = p.id)) THEN
      RAISE EXCEPTION 'statement % has a payout_sent that was not returned', NEW.statement_id
        USING ERRCODE = 'unique_violation';
    END IF;
  ELSIF NEW.kind::text = 'payout_returned' THEN
    SELECT * INTO sent FROM postings WHERE id = NEW.reverses_posting_id;
    IF sent.id IS NULL OR sent.kind::text <> 'payout_sent' OR sent.statement_id IS DISTINCT FROM NEW.statement_id
       OR sent.amount_minor <> NEW.amount_minor OR sent.currency <> NEW.currency
       OR sent.debit_account_id <> NEW.credit_account_id OR sent.credit_account_id <> NEW.debit_account_id THEN
      RAISE EXCEPTION 'a payout_returned must reverse a payout_sent of its statement exactly'
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER postings_payout_guard BEFORE INSERT ON postings FOR EACH ROW EXECUTE FUNCTION scrip_guard_payout_posting();
--> statement-breakpoint
-- A settled statement stays settled, except a payout the bank returned: it goes back to open (owed again) in the
-- transaction that writes the payout_returned reversing its settlement posting.
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
    IF NOT (OLD.kind = 'payout' AND NEW.status = 'open' AND NEW.settled_at IS NULL
            AND NEW.settlement_posting_id IS NULL
            AND EXISTS (SELECT 1 FROM postings r WHERE r.reverses_posting_id = OLD.settlement_posting_id)) THEN
      RAISE EXCEPTION 'statement % is already settled', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- Postings stay immutable: the new reverses_posting_id too (any update is refused).
CREATE OR REPLACE FUNCTION scrip_guard_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'postings are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.kind, NEW.debit_account_id, NEW.credit_account_id, NEW.amount_minor, NEW.currency,
      NEW.coupon_id, NEW.statement_id, NEW.memo, NEW.created_at, NEW.xid, NEW.reverses_posting_id)
     IS DISTINCT FROM
     (OLD.id, OLD.kind, OLD.debit_account_id, OLD.credit_account_id, OLD.amount_minor, OLD.currency,
      OLD.coupon_id, OLD.statement_id, OLD.memo, OLD.created_at, OLD.xid, OLD.reverses_posting_id) THEN
    RAISE EXCEPTION 'postings are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
