CREATE TABLE "bank_credits" (
	"id" text PRIMARY KEY NOT NULL,
	"import_id" text NOT NULL,
	"credit_key" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"booking_date" text,
	"reference" text,
	"debtor_name" text,
	"status" text NOT NULL,
	"statement_id" text,
	"posting_id" text,
	"note" text,
	"resolved_by_user_id" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_credits_amount_positive" CHECK ("bank_credits"."amount_minor" > 0),
	CONSTRAINT "bank_credits_status" CHECK ("bank_credits"."status" in ('matched', 'review_partial', 'review_unmatched', 'review_overpaid', 'dismissed', 'matched_by_hand')),
	CONSTRAINT "bank_credits_matched_link" CHECK (("bank_credits"."status" in ('matched', 'matched_by_hand')) = ("bank_credits"."posting_id" is not null and "bank_credits"."statement_id" is not null)),
	CONSTRAINT "bank_credits_note_length" CHECK (char_length("bank_credits"."note") <= 500)
);
--> statement-breakpoint
CREATE TABLE "bank_statement_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"bank_statement_id" text NOT NULL,
	"account_iban" text NOT NULL,
	"imported_by_user_id" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"credit_count" integer NOT NULL,
	"matched_count" integer NOT NULL,
	"review_count" integer NOT NULL,
	"repeated_count" integer NOT NULL,
	CONSTRAINT "bank_statement_imports_sha256_format" CHECK ("bank_statement_imports"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "bank_credits" ADD CONSTRAINT "bank_credits_import_id_bank_statement_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."bank_statement_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_credits" ADD CONSTRAINT "bank_credits_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_credits" ADD CONSTRAINT "bank_credits_posting_id_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_credits" ADD CONSTRAINT "bank_credits_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statement_imports" ADD CONSTRAINT "bank_statement_imports_imported_by_user_id_users_id_fk" FOREIGN KEY ("imported_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_credits_key_unique" ON "bank_credits" USING btree ("credit_key");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_credits_posting_unique" ON "bank_credits" USING btree ("posting_id") WHERE "bank_credits"."posting_id" is not null;--> statement-breakpoint
CREATE INDEX "bank_credits_review_idx" ON "bank_credits" USING btree ("status") WHERE "bank_credits"."status" like 'review_%';--> statement-breakpoint
CREATE UNIQUE INDEX "bank_statement_imports_sha256_unique" ON "bank_statement_imports" USING btree ("sha256");--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "creditor_reference" text;--> statement-breakpoint
-- Invoice numbers for payment references: ISO 11649 "RF" + check digits + the number as 8+ digits (≤ 21).
CREATE SEQUENCE statement_reference_seq;--> statement-breakpoint
CREATE FUNCTION scrip_creditor_reference(n bigint) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  select 'RF' || lpad((98 - ((b || '271500')::numeric % 97))::int::text, 2, '0') || b
  from (select lpad(n::text, 8, '0') as b) body
$$;--> statement-breakpoint
UPDATE statements s SET creditor_reference = r.ref
  FROM (SELECT o.id, scrip_creditor_reference(nextval('statement_reference_seq')) AS ref
        FROM (SELECT id FROM statements WHERE kind = 'invoice' ORDER BY created_at, id) o) r
  WHERE r.id = s.id;--> statement-breakpoint
CREATE UNIQUE INDEX "statements_creditor_reference_unique" ON "statements" USING btree ("creditor_reference");--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_reference_only_invoices" CHECK (("statements"."kind" = 'invoice') = ("statements"."creditor_reference" is not null));
--> statement-breakpoint
-- An invoice written without a reference (runCharging sets it in bulk; anything else) gets the next one.
CREATE FUNCTION scrip_statement_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.creditor_reference := scrip_creditor_reference(nextval('statement_reference_seq'));
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER statements_reference BEFORE INSERT ON statements FOR EACH ROW
  WHEN (NEW.kind = 'invoice' AND NEW.creditor_reference IS NULL) EXECUTE FUNCTION scrip_statement_reference();--> statement-breakpoint
-- It fills in data rather than guarding it, so it fires in replica mode too (restores, tests' corruptions).
ALTER TABLE statements ENABLE ALWAYS TRIGGER statements_reference;--> statement-breakpoint
-- The reference is what payers typed into their transfer: as immutable as the invoice's amount.
CREATE FUNCTION scrip_guard_statement_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a statement''s payment reference is immutable' USING ERRCODE = 'restrict_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER statements_reference_guard BEFORE UPDATE ON statements FOR EACH ROW
  WHEN (OLD.creditor_reference IS DISTINCT FROM NEW.creditor_reference)
  EXECUTE FUNCTION scrip_guard_statement_reference();--> statement-breakpoint
-- Bank credits are evidence: never deleted; a matched one's link and amount never change.
CREATE FUNCTION scrip_guard_bank_credit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'bank credits are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.import_id, NEW.credit_key, NEW.amount_minor, NEW.currency, NEW.reference) IS DISTINCT FROM
     (OLD.id, OLD.import_id, OLD.credit_key, OLD.amount_minor, OLD.currency, OLD.reference)
     OR OLD.status IN ('matched', 'matched_by_hand', 'dismissed') THEN
    RAISE EXCEPTION 'bank credit % cannot change', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER bank_credits_guard BEFORE UPDATE OR DELETE ON bank_credits FOR EACH ROW
  EXECUTE FUNCTION scrip_guard_bank_credit();
