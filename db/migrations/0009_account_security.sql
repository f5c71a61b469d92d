-- Account security (#13, hole 1): security events the person sees, recovery codes (hashes only), recoveries and
-- the value that left a wallet during a recovery window, and the browsers an account has signed in from.
CREATE TYPE "public"."security_event_kind" AS ENUM('passkey_added', 'passkey_removed', 'passkey_renamed', 'recovery_codes_created', 'recovery_used', 'new_browser_sign_in', 'sessions_signed_out');--> statement-breakpoint
CREATE TABLE "security_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" "security_event_kind" NOT NULL,
	"detail" text,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_events_detail_length" CHECK (char_length("security_events"."detail") <= 200)
);--> statement-breakpoint
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "security_events_user_idx" ON "security_events" USING btree ("user_id","id");--> statement-breakpoint
CREATE TABLE "recovery_codes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone
);--> statement-breakpoint
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_codes_code_hash_unique" ON "recovery_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "recovery_codes_user_idx" ON "recovery_codes" USING btree ("user_id");--> statement-breakpoint
CREATE TABLE "account_recoveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "account_recoveries" ADD CONSTRAINT "account_recoveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_recoveries_user_idx" ON "account_recoveries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE TABLE "recovery_outflows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recovery_id" bigint NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_outflows_amount_positive" CHECK ("recovery_outflows"."amount_minor" > 0)
);--> statement-breakpoint
ALTER TABLE "recovery_outflows" ADD CONSTRAINT "recovery_outflows_recovery_id_account_recoveries_id_fk" FOREIGN KEY ("recovery_id") REFERENCES "public"."account_recoveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recovery_outflows_recovery_idx" ON "recovery_outflows" USING btree ("recovery_id","currency");--> statement-breakpoint
CREATE TABLE "known_browsers" (
	"user_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "known_browsers_user_id_token_hash_pk" PRIMARY KEY("user_id","token_hash")
);--> statement-breakpoint
ALTER TABLE "known_browsers" ADD CONSTRAINT "known_browsers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- What the person was told happened, and what left a wallet during a recovery window, are never rewritten
-- (rows still go when their account does: DELETE stays allowed for the cascade).
CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events
  FOR EACH ROW EXECUTE FUNCTION scrip_refuse_change();--> statement-breakpoint
CREATE TRIGGER recovery_outflows_no_update BEFORE UPDATE ON recovery_outflows
  FOR EACH ROW EXECUTE FUNCTION scrip_refuse_change();
