CREATE TYPE "public"."order_coupon_kind" AS ENUM('payment', 'refund');--> statement-breakpoint
CREATE TABLE "order_coupons" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"coupon_id" text NOT NULL,
	"transfer_id" text NOT NULL,
	"kind" "order_coupon_kind" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_coupons_amount_positive" CHECK ("order_coupons"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "product_images" (
	"product_id" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_images_size" CHECK (octet_length("product_images"."bytes") between 1 and 1048576),
	CONSTRAINT "product_images_type" CHECK ("product_images"."content_type" in ('image/png', 'image/jpeg', 'image/webp', 'image/gif'))
);
--> statement-breakpoint
ALTER TABLE "order_coupons" ADD CONSTRAINT "order_coupons_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_coupons" ADD CONSTRAINT "order_coupons_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_coupons" ADD CONSTRAINT "order_coupons_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_coupons_order_idx" ON "order_coupons" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_coupons_transfer_unique" ON "order_coupons" USING btree ("transfer_id");