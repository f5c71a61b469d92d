-- Issue #13, holes 4 and 6. Credit limits become per party AND currency: one number of minor units applied to
-- every currency let a party owe the full limit in each of them. A party's old limit is kept, as the same number,
-- for each currency it has used (ledger accounts, issuance requests) and for EUR (the demo's one currency);
-- every other currency falls back to its default.
CREATE TABLE "party_credit_limits" (
	"party_id" text NOT NULL,
	"currency" text NOT NULL,
	"limit_minor" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_credit_limits_pk" PRIMARY KEY("party_id","currency"),
	CONSTRAINT "party_credit_limits_currency_format" CHECK ("party_credit_limits"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "party_credit_limits_nonnegative" CHECK ("party_credit_limits"."limit_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "party_credit_limits" ADD CONSTRAINT "party_credit_limits_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
INSERT INTO "party_credit_limits" ("party_id", "currency", "limit_minor")
SELECT p.id, used.currency, p.credit_limit_minor
FROM "parties" p
CROSS JOIN LATERAL (
	SELECT 'EUR' AS currency
	UNION SELECT a.currency FROM "ledger_accounts" a WHERE a.party_id = p.id
	UNION SELECT r.currency FROM "issuance_requests" r WHERE r.party_id = p.id
) used
WHERE p.credit_limit_minor IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "parties" DROP CONSTRAINT "parties_credit_limit_nonnegative";
--> statement-breakpoint
ALTER TABLE "parties" DROP COLUMN "credit_limit_minor";
--> statement-breakpoint
-- Dual control: a settlement over SCRIP_DUAL_CONTROL_MINOR in some currency waits for a second, different admin.
CREATE TYPE "public"."settlement_approval_status" AS ENUM('awaiting_second_approval', 'approved');
--> statement-breakpoint
CREATE TABLE "settlement_approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"statement_ids" text[] NOT NULL,
	"status" "settlement_approval_status" DEFAULT 'awaiting_second_approval' NOT NULL,
	"requested_by_user_id" text NOT NULL,
	"requested_authorization" jsonb NOT NULL,
	"approved_by_user_id" text,
	"approved_authorization" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "settlement_approvals_size" CHECK (cardinality("settlement_approvals"."statement_ids") between 1 and 200),
	CONSTRAINT "settlement_approvals_decided" CHECK (("settlement_approvals"."status" = 'approved') = ("settlement_approvals"."approved_by_user_id" is not null and "settlement_approvals"."decided_at" is not null)),
	CONSTRAINT "settlement_approvals_two_people" CHECK ("settlement_approvals"."approved_by_user_id" is null or "settlement_approvals"."approved_by_user_id" <> "settlement_approvals"."requested_by_user_id")
);
--> statement-breakpoint
ALTER TABLE "settlement_approvals" ADD CONSTRAINT "settlement_approvals_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "settlement_approvals" ADD CONSTRAINT "settlement_approvals_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "settlement_approvals_status_idx" ON "settlement_approvals" USING btree ("status","created_at");
