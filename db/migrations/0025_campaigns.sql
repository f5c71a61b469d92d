CREATE TYPE "public"."campaign_kind" AS ENUM('recipients', 'claim_codes');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('awaiting_approval', 'queued', 'running', 'paused', 'cancelled', 'completed', 'rejected');--> statement-breakpoint
ALTER TYPE "public"."posting_kind" ADD VALUE 'campaign_funding';--> statement-breakpoint
CREATE TABLE "campaign_recipients" (
	"campaign_id" text NOT NULL,
	"index" integer NOT NULL,
	"party_id" text NOT NULL,
	CONSTRAINT "campaign_recipients_campaign_id_index_pk" PRIMARY KEY("campaign_id","index"),
	CONSTRAINT "campaign_recipients_index" CHECK ("campaign_recipients"."index" >= 0)
);
--> statement-breakpoint
CREATE TABLE "campaign_slices" (
	"campaign_id" text NOT NULL,
	"from_index" integer NOT NULL,
	"to_index" integer NOT NULL,
	"posting_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_slices_campaign_id_from_index_pk" PRIMARY KEY("campaign_id","from_index"),
	CONSTRAINT "campaign_slices_posting_id_unique" UNIQUE("posting_id"),
	CONSTRAINT "campaign_slices_range" CHECK ("campaign_slices"."to_index" > "campaign_slices"."from_index" and "campaign_slices"."from_index" >= 0)
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"sponsor_party_id" text NOT NULL,
	"created_by_user_id" text,
	"name" text NOT NULL,
	"kind" "campaign_kind" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"coupon_count" integer NOT NULL,
	"coupon_expires_at" timestamp with time zone NOT NULL,
	"status" "campaign_status" NOT NULL,
	"issued_count" integer DEFAULT 0 NOT NULL,
	"authorization" jsonb NOT NULL,
	"claim_code_secret" text,
	"decided_by_user_id" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_amount_positive" CHECK ("campaigns"."amount_minor" > 0),
	CONSTRAINT "campaigns_currency_format" CHECK ("campaigns"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "campaigns_count_range" CHECK ("campaigns"."coupon_count" between 1 and 1000000),
	CONSTRAINT "campaigns_issued_range" CHECK ("campaigns"."issued_count" between 0 and "campaigns"."coupon_count"),
	CONSTRAINT "campaigns_codes_have_secret" CHECK (("campaigns"."kind" = 'claim_codes') = ("campaigns"."claim_code_secret" is not null))
);
--> statement-breakpoint
ALTER TABLE "postings" DROP CONSTRAINT "postings_return_reverses_a_payout";--> statement-breakpoint
ALTER TABLE "coupons" ADD COLUMN "campaign_id" text;--> statement-breakpoint
ALTER TABLE "coupons" ADD COLUMN "campaign_index" integer;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_slices" ADD CONSTRAINT "campaign_slices_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_slices" ADD CONSTRAINT "campaign_slices_posting_id_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_sponsor_party_id_parties_id_fk" FOREIGN KEY ("sponsor_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_sponsor_idx" ON "campaigns" USING btree ("sponsor_party_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_status_idx" ON "campaigns" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_campaign_index_unique" ON "coupons" USING btree ("campaign_id","campaign_index") WHERE "coupons"."campaign_id" is not null;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_campaign_pair" CHECK (("coupons"."campaign_id" is null) = ("coupons"."campaign_index" is null));--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_return_reverses_a_payout" CHECK (("postings"."kind" = 'payout_returned') = ("postings"."reverses_posting_id" is not null) and ("postings"."reverses_posting_id" is null or "postings"."statement_id" is not null));