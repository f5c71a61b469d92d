-- Issue 15, "products have visible Edit and Delete": order_items reference the product for its name (the unit price
-- is copied), so a deleted product stays as a row marked deleted_at, never for sale again, and every receipt that
-- names it keeps doing so.
ALTER TABLE "products" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_deleted_not_for_sale" CHECK ("products"."deleted_at" is null or not "products"."active");
