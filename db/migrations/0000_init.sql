CREATE TYPE "public"."account_kind" AS ENUM('party', 'issuer_outstanding', 'issuer_settlement');--> statement-breakpoint
CREATE TYPE "public"."challenge_purpose" AS ENUM('registration', 'authentication', 'step_up');--> statement-breakpoint
CREATE TYPE "public"."charging_run_status" AS ENUM('running', 'completed');--> statement-breakpoint
CREATE TYPE "public"."coupon_event_kind" AS ENUM('requested', 'issued', 'offered', 'accepted', 'declined', 'cancelled', 'expired', 'transfer_expired', 'split', 'converted', 'voided', 'revoked', 'funded');--> statement-breakpoint
CREATE TYPE "public"."coupon_status" AS ENUM('active', 'offered', 'split', 'converted', 'expired', 'void', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."idempotency_status" AS ENUM('in_progress', 'completed');--> statement-breakpoint
CREATE TYPE "public"."issuance_status" AS ENUM('requested', 'awaiting_approval', 'issued', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."issuer_key_purpose" AS ENUM('value', 'owner_attestation');--> statement-breakpoint
CREATE TYPE "public"."issuer_key_status" AS ENUM('active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('pending', 'paid', 'partially_refunded', 'refunded', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."party_kind" AS ENUM('user', 'shop');--> statement-breakpoint
CREATE TYPE "public"."party_status" AS ENUM('active', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."passkey_device_type" AS ENUM('singleDevice', 'multiDevice');--> statement-breakpoint
CREATE TYPE "public"."payment_request_status" AS ENUM('open', 'paid', 'expired', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."posting_kind" AS ENUM('funding', 'conversion', 'invoice_settled', 'payout_sent');--> statement-breakpoint
CREATE TYPE "public"."shop_role" AS ENUM('owner', 'staff');--> statement-breakpoint
CREATE TYPE "public"."statement_kind" AS ENUM('invoice', 'payout');--> statement-breakpoint
CREATE TYPE "public"."statement_status" AS ENUM('open', 'settled');--> statement-breakpoint
CREATE TYPE "public"."transfer_status" AS ENUM('pending', 'accepted', 'declined', 'cancelled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."webhook_message_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"shop_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" "idempotency_status" DEFAULT 'in_progress' NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_shop_id_key_pk" PRIMARY KEY("shop_id","key")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"response_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"url" text NOT NULL,
	"event_types" text[] NOT NULL,
	"secret_encrypted" text NOT NULL,
	"previous_secret_encrypted" text,
	"previous_secret_expires_at" timestamp with time zone,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"endpoint_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "webhook_message_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" text,
	"actor_party_id" text,
	"target_type" text,
	"target_id" text,
	"reason" text,
	"ip" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_invites" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "passkeys" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"public_key" "bytea" NOT NULL,
	"counter" bigint DEFAULT 0 NOT NULL,
	"transports" text[] DEFAULT '{}'::text[] NOT NULL,
	"device_type" "passkey_device_type" NOT NULL,
	"backed_up" boolean NOT NULL,
	"aaguid" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "passkeys_name_length" CHECK (char_length("passkeys"."name") between 1 and 60),
	CONSTRAINT "passkeys_counter_nonnegative" CHECK ("passkeys"."counter" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"unlocked_until" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "webauthn_challenges" (
	"id" text PRIMARY KEY NOT NULL,
	"challenge" text NOT NULL,
	"purpose" "challenge_purpose" NOT NULL,
	"user_id" text,
	"operation_digest" text,
	"pending_data" text,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webauthn_challenges_step_up_has_digest" CHECK ("webauthn_challenges"."purpose" <> 'step_up' or ("webauthn_challenges"."operation_digest" is not null and "webauthn_challenges"."user_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "coupon_events" (
	"id" text PRIMARY KEY NOT NULL,
	"coupon_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" "coupon_event_kind" NOT NULL,
	"actor_party_id" text,
	"actor_user_id" text,
	"from_party_id" text,
	"to_party_id" text,
	"version" integer NOT NULL,
	"transfer_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupon_events_seq_positive" CHECK ("coupon_events"."seq" >= 1),
	CONSTRAINT "coupon_events_chain" CHECK (("coupon_events"."seq" = 1) = ("coupon_events"."prev_hash" is null))
);
--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" text PRIMARY KEY NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"requester_party_id" text NOT NULL,
	"owner_party_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"funded" boolean DEFAULT false NOT NULL,
	"status" "coupon_status" DEFAULT 'active' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"parent_id" text,
	"issuance_request_id" text,
	"value_kid" text NOT NULL,
	"value_signature" text NOT NULL,
	"owner_attestation" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_amount_positive" CHECK ("coupons"."amount_minor" > 0),
	CONSTRAINT "coupons_currency_format" CHECK ("coupons"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "coupons_version_positive" CHECK ("coupons"."version" >= 1),
	CONSTRAINT "coupons_expiry_after_issue" CHECK ("coupons"."expires_at" > "coupons"."issued_at"),
	CONSTRAINT "coupons_not_own_parent" CHECK ("coupons"."parent_id" is null or "coupons"."parent_id" <> "coupons"."id")
);
--> statement-breakpoint
CREATE TABLE "issuance_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"requested_by_user_id" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"expires_in_days" integer NOT NULL,
	"status" "issuance_status" NOT NULL,
	"authorization" jsonb,
	"coupon_id" text,
	"decided_by_user_id" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issuance_requests_amount_positive" CHECK ("issuance_requests"."amount_minor" > 0),
	CONSTRAINT "issuance_requests_currency_format" CHECK ("issuance_requests"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "issuance_requests_expiry_range" CHECK ("issuance_requests"."expires_in_days" between 1 and 3660)
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" text PRIMARY KEY NOT NULL,
	"coupon_id" text NOT NULL,
	"coupon_version" integer NOT NULL,
	"from_party_id" text NOT NULL,
	"to_party_id" text,
	"claim_code_hash" text,
	"status" "transfer_status" DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"transferor_authorization" jsonb NOT NULL,
	"acceptor_authorization" jsonb,
	"accepted_by_party_id" text,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "transfers_has_recipient" CHECK ("transfers"."to_party_id" is not null or "transfers"."claim_code_hash" is not null),
	CONSTRAINT "transfers_not_to_self" CHECK ("transfers"."to_party_id" is null or "transfers"."to_party_id" <> "transfers"."from_party_id"),
	CONSTRAINT "transfers_accepted_has_acceptor" CHECK ("transfers"."status" <> 'accepted' or ("transfers"."accepted_by_party_id" is not null and "transfers"."acceptor_authorization" is not null))
);
--> statement-breakpoint
CREATE TABLE "issuer_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"purpose" "issuer_key_purpose" NOT NULL,
	"status" "issuer_key_status" DEFAULT 'active' NOT NULL,
	"public_key" text NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "charging_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"status" charging_run_status DEFAULT 'running' NOT NULL,
	"started_by_user_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "charging_runs_period_order" CHECK ("charging_runs"."period_end" > "charging_runs"."period_start")
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "account_kind" NOT NULL,
	"party_id" text,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_id_currency_unique" UNIQUE("id","currency"),
	CONSTRAINT "ledger_accounts_party_iff_party_kind" CHECK (("ledger_accounts"."kind" = 'party') = ("ledger_accounts"."party_id" is not null)),
	CONSTRAINT "ledger_accounts_currency_format" CHECK ("ledger_accounts"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "postings" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "posting_kind" NOT NULL,
	"debit_account_id" text NOT NULL,
	"credit_account_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"coupon_id" text,
	"statement_id" text,
	"charging_run_id" text,
	"memo" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postings_amount_positive" CHECK ("postings"."amount_minor" > 0),
	CONSTRAINT "postings_distinct_accounts" CHECK ("postings"."debit_account_id" <> "postings"."credit_account_id"),
	CONSTRAINT "postings_coupon_kinds_have_coupon" CHECK ("postings"."kind" not in ('funding', 'conversion') or "postings"."coupon_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"party_id" text NOT NULL,
	"currency" text NOT NULL,
	"kind" "statement_kind" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" "statement_status" DEFAULT 'open' NOT NULL,
	"settled_at" timestamp with time zone,
	"settlement_posting_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statements_amount_positive" CHECK ("statements"."amount_minor" > 0),
	CONSTRAINT "statements_settled_consistent" CHECK (("statements"."status" = 'settled') = ("statements"."settled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "parties" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "party_kind" NOT NULL,
	"display_name" text NOT NULL,
	"status" "party_status" DEFAULT 'active' NOT NULL,
	"credit_limit_minor" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parties_display_name_length" CHECK (char_length("parties"."display_name") between 1 and 100),
	CONSTRAINT "parties_credit_limit_nonnegative" CHECK ("parties"."credit_limit_minor" is null or "parties"."credit_limit_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"handle" text NOT NULL,
	"display_name" text NOT NULL,
	"webauthn_user_id" text NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_handle_format" CHECK ("users"."handle" ~ '^[A-Za-z0-9_]{3,30}$'),
	CONSTRAINT "users_display_name_length" CHECK (char_length("users"."display_name") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"order_id" text NOT NULL,
	"product_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	CONSTRAINT "order_items_order_id_product_id_pk" PRIMARY KEY("order_id","product_id"),
	CONSTRAINT "order_items_quantity_positive" CHECK ("order_items"."quantity" between 1 and 1000),
	CONSTRAINT "order_items_price_positive" CHECK ("order_items"."unit_price_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"buyer_party_id" text,
	"status" "order_status" DEFAULT 'pending' NOT NULL,
	"total_minor" bigint NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"checkout_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "orders_total_positive" CHECK ("orders"."total_minor" > 0),
	CONSTRAINT "orders_refund_within_total" CHECK ("orders"."refunded_minor" >= 0 and "orders"."refunded_minor" <= "orders"."total_minor")
);
--> statement-breakpoint
CREATE TABLE "payment_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"order_reference" text NOT NULL,
	"return_url" text NOT NULL,
	"status" "payment_request_status" DEFAULT 'open' NOT NULL,
	"order_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_requests_amount_positive" CHECK ("payment_requests"."amount_minor" > 0),
	CONSTRAINT "payment_requests_paid_has_order" CHECK ("payment_requests"."status" <> 'paid' or "payment_requests"."order_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_minor" bigint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"stock" integer,
	"image_path" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_price_positive" CHECK ("products"."price_minor" > 0),
	CONSTRAINT "products_stock_nonnegative" CHECK ("products"."stock" is null or "products"."stock" >= 0),
	CONSTRAINT "products_name_length" CHECK (char_length("products"."name") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "shop_members" (
	"shop_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" "shop_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shop_members_shop_id_user_id_pk" PRIMARY KEY("shop_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "shops" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shops_slug_format" CHECK ("shops"."slug" ~ '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$'),
	CONSTRAINT "shops_name_length" CHECK (char_length("shops"."name") between 1 and 100),
	CONSTRAINT "shops_currency_format" CHECK ("shops"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_message_id_webhook_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."webhook_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_messages" ADD CONSTRAINT "webhook_messages_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_party_id_parties_id_fk" FOREIGN KEY ("actor_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_invites" ADD CONSTRAINT "admin_invites_used_by_user_id_users_id_fk" FOREIGN KEY ("used_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passkeys" ADD CONSTRAINT "passkeys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webauthn_challenges" ADD CONSTRAINT "webauthn_challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_events" ADD CONSTRAINT "coupon_events_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_events" ADD CONSTRAINT "coupon_events_actor_party_id_parties_id_fk" FOREIGN KEY ("actor_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_events" ADD CONSTRAINT "coupon_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_events" ADD CONSTRAINT "coupon_events_from_party_id_parties_id_fk" FOREIGN KEY ("from_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_events" ADD CONSTRAINT "coupon_events_to_party_id_parties_id_fk" FOREIGN KEY ("to_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_events" ADD CONSTRAINT "coupon_events_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_requester_party_id_parties_id_fk" FOREIGN KEY ("requester_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_owner_party_id_parties_id_fk" FOREIGN KEY ("owner_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_parent_id_coupons_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_issuance_request_id_issuance_requests_id_fk" FOREIGN KEY ("issuance_request_id") REFERENCES "public"."issuance_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuance_requests" ADD CONSTRAINT "issuance_requests_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuance_requests" ADD CONSTRAINT "issuance_requests_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuance_requests" ADD CONSTRAINT "issuance_requests_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_party_id_parties_id_fk" FOREIGN KEY ("from_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_party_id_parties_id_fk" FOREIGN KEY ("to_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_accepted_by_party_id_parties_id_fk" FOREIGN KEY ("accepted_by_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_runs" ADD CONSTRAINT "charging_runs_started_by_user_id_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_charging_run_id_charging_runs_id_fk" FOREIGN KEY ("charging_run_id") REFERENCES "public"."charging_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_debit_account_currency_fk" FOREIGN KEY ("debit_account_id","currency") REFERENCES "public"."ledger_accounts"("id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_credit_account_currency_fk" FOREIGN KEY ("credit_account_id","currency") REFERENCES "public"."ledger_accounts"("id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_run_id_charging_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."charging_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_settlement_posting_id_postings_id_fk" FOREIGN KEY ("settlement_posting_id") REFERENCES "public"."postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_buyer_party_id_parties_id_fk" FOREIGN KEY ("buyer_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_members" ADD CONSTRAINT "shop_members_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_members" ADD CONSTRAINT "shop_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_unique" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_shop_idx" ON "api_keys" USING btree ("shop_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_message_idx" ON "webhook_deliveries" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_shop_idx" ON "webhook_endpoints" USING btree ("shop_id");--> statement-breakpoint
CREATE INDEX "webhook_messages_due_idx" ON "webhook_messages" USING btree ("next_attempt_at") WHERE "webhook_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_messages_endpoint_idx" ON "webhook_messages" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_invites_token_hash_unique" ON "admin_invites" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "passkeys_credential_id_unique" ON "passkeys" USING btree ("credential_id");--> statement-breakpoint
CREATE INDEX "passkeys_user_idx" ON "passkeys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webauthn_challenges_challenge_unique" ON "webauthn_challenges" USING btree ("challenge");--> statement-breakpoint
CREATE INDEX "webauthn_challenges_expires_idx" ON "webauthn_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "coupon_events_coupon_seq_unique" ON "coupon_events" USING btree ("coupon_id","seq");--> statement-breakpoint
CREATE INDEX "coupons_owner_idx" ON "coupons" USING btree ("owner_party_id","status");--> statement-breakpoint
CREATE INDEX "coupons_requester_idx" ON "coupons" USING btree ("requester_party_id");--> statement-breakpoint
CREATE INDEX "coupons_parent_idx" ON "coupons" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "coupons_expires_idx" ON "coupons" USING btree ("expires_at") WHERE "coupons"."status" in ('active', 'offered');--> statement-breakpoint
CREATE INDEX "issuance_requests_party_idx" ON "issuance_requests" USING btree ("party_id","created_at");--> statement-breakpoint
CREATE INDEX "issuance_requests_status_idx" ON "issuance_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_one_pending_per_coupon" ON "transfers" USING btree ("coupon_id") WHERE "transfers"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_one_accept_per_version" ON "transfers" USING btree ("coupon_id","coupon_version") WHERE "transfers"."status" = 'accepted';--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_claim_code_hash_unique" ON "transfers" USING btree ("claim_code_hash");--> statement-breakpoint
CREATE INDEX "transfers_to_party_idx" ON "transfers" USING btree ("to_party_id","status");--> statement-breakpoint
CREATE INDEX "transfers_from_party_idx" ON "transfers" USING btree ("from_party_id","status");--> statement-breakpoint
CREATE INDEX "transfers_pending_expiry_idx" ON "transfers" USING btree ("expires_at") WHERE "transfers"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "issuer_keys_one_active_per_purpose" ON "issuer_keys" USING btree ("purpose") WHERE "issuer_keys"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "charging_runs_period_unique" ON "charging_runs" USING btree ("period_start","period_end");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_kind_party_currency_unique" ON "ledger_accounts" USING btree ("kind","party_id","currency") WHERE "ledger_accounts"."party_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_issuer_currency_unique" ON "ledger_accounts" USING btree ("kind","currency") WHERE "ledger_accounts"."party_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "postings_one_funding_per_coupon" ON "postings" USING btree ("coupon_id") WHERE "postings"."kind" = 'funding';--> statement-breakpoint
CREATE UNIQUE INDEX "postings_one_conversion_per_coupon" ON "postings" USING btree ("coupon_id") WHERE "postings"."kind" = 'conversion';--> statement-breakpoint
CREATE UNIQUE INDEX "postings_one_settlement_per_statement" ON "postings" USING btree ("statement_id") WHERE "postings"."statement_id" is not null;--> statement-breakpoint
CREATE INDEX "postings_unbilled_idx" ON "postings" USING btree ("created_at") WHERE "postings"."charging_run_id" is null;--> statement-breakpoint
CREATE INDEX "postings_run_idx" ON "postings" USING btree ("charging_run_id");--> statement-breakpoint
CREATE INDEX "postings_debit_idx" ON "postings" USING btree ("debit_account_id");--> statement-breakpoint
CREATE INDEX "postings_credit_idx" ON "postings" USING btree ("credit_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_run_party_currency_unique" ON "statements" USING btree ("run_id","party_id","currency");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_settlement_posting_unique" ON "statements" USING btree ("settlement_posting_id");--> statement-breakpoint
CREATE INDEX "statements_party_idx" ON "statements" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "rate_limits_window_idx" ON "rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE UNIQUE INDEX "users_party_unique" ON "users" USING btree ("party_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_handle_lower_unique" ON "users" USING btree (lower("handle"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_webauthn_user_id_unique" ON "users" USING btree ("webauthn_user_id");--> statement-breakpoint
CREATE INDEX "orders_shop_idx" ON "orders" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_checkout_key_unique" ON "orders" USING btree ("buyer_party_id","checkout_key");--> statement-breakpoint
CREATE INDEX "payment_requests_shop_idx" ON "payment_requests" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_requests_order_unique" ON "payment_requests" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "products_shop_idx" ON "products" USING btree ("shop_id");--> statement-breakpoint
CREATE INDEX "shop_members_user_idx" ON "shop_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shops_party_unique" ON "shops" USING btree ("party_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shops_slug_unique" ON "shops" USING btree (lower("slug"));