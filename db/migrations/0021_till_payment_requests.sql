CREATE TYPE "public"."payment_request_source" AS ENUM('api', 'till');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'payment_requested';--> statement-breakpoint
CREATE TABLE "payment_request_items" (
	"payment_request_id" text NOT NULL,
	"product_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	CONSTRAINT "payment_request_items_payment_request_id_product_id_pk" PRIMARY KEY("payment_request_id","product_id"),
	CONSTRAINT "payment_request_items_quantity_positive" CHECK ("payment_request_items"."quantity" between 1 and 1000),
	CONSTRAINT "payment_request_items_price_positive" CHECK ("payment_request_items"."unit_price_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "payment_requests" ALTER COLUMN "return_url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "taken_by_user_id" text;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "source" "payment_request_source" DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "short_code" text;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "payer_party_id" text;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "created_by_user_id" text;--> statement-breakpoint
ALTER TABLE "payment_request_items" ADD CONSTRAINT "payment_request_items_payment_request_id_payment_requests_id_fk" FOREIGN KEY ("payment_request_id") REFERENCES "public"."payment_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_request_items" ADD CONSTRAINT "payment_request_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_taken_by_user_id_users_id_fk" FOREIGN KEY ("taken_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_payer_party_id_parties_id_fk" FOREIGN KEY ("payer_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_requests_open_short_code_unique" ON "payment_requests" USING btree ("short_code") WHERE "payment_requests"."status" = 'open' and "payment_requests"."short_code" is not null;--> statement-breakpoint
CREATE INDEX "payment_requests_payer_idx" ON "payment_requests" USING btree ("payer_party_id","created_at") WHERE "payment_requests"."payer_party_id" is not null;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_source_fields" CHECK (("payment_requests"."source" = 'api' and "payment_requests"."return_url" is not null and "payment_requests"."short_code" is null and "payment_requests"."payer_party_id" is null and "payment_requests"."created_by_user_id" is null)
        or ("payment_requests"."source" = 'till' and "payment_requests"."short_code" is not null and "payment_requests"."created_by_user_id" is not null));--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_short_code_format" CHECK ("payment_requests"."short_code" is null or "payment_requests"."short_code" ~ '^[0-9A-HJKMNP-TV-Z]{6}$');--> statement-breakpoint
-- Issue 17, the till. A payment request's state reaches its shop and, when the till addressed it to a person
-- (it scanned their coupon), that person: live (migration 0013) and, for the person, as a notification
-- (migration 0014) written in the same transaction as the request.
CREATE OR REPLACE FUNCTION scrip_live_payment_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_live_events(
    ARRAY[(SELECT s.party_id FROM shops s WHERE s.id = NEW.shop_id), NEW.payer_party_id], 'payment_request', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER payment_requests_live_insert AFTER INSERT ON payment_requests FOR EACH ROW
  EXECUTE FUNCTION scrip_live_payment_request();--> statement-breakpoint
CREATE TRIGGER payment_requests_live_update AFTER UPDATE ON payment_requests FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION scrip_live_payment_request();--> statement-breakpoint
CREATE OR REPLACE FUNCTION scrip_notify_payment_requested() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM scrip_notify_party(NEW.payer_party_id, 'payment_requested', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER payment_requests_notify AFTER INSERT ON payment_requests FOR EACH ROW
  WHEN (NEW.payer_party_id IS NOT NULL) EXECUTE FUNCTION scrip_notify_payment_requested();
