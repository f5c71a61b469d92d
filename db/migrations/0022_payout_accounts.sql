ALTER TYPE "public"."security_event_kind" ADD VALUE 'payout_account_changed';--> statement-breakpoint
CREATE TABLE "payout_accounts" (
	"party_id" text PRIMARY KEY NOT NULL,
	"iban_encrypted" text NOT NULL,
	"iban_last4" text NOT NULL,
	"iban_length" smallint NOT NULL,
	"country" text NOT NULL,
	"holder_name" text NOT NULL,
	"bic" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_accounts_country" CHECK ("payout_accounts"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "payout_accounts_iban_last4" CHECK ("payout_accounts"."iban_last4" ~ '^[A-Z0-9]{4}$'),
	CONSTRAINT "payout_accounts_iban_length" CHECK ("payout_accounts"."iban_length" between 15 and 34),
	CONSTRAINT "payout_accounts_holder_name" CHECK (char_length("payout_accounts"."holder_name") between 1 and 70),
	CONSTRAINT "payout_accounts_bic" CHECK ("payout_accounts"."bic" ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$')
);
--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;