import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { bigintMinor, createdAt } from "./columns";
import { coupons, transfers } from "./coupons";
import { orderCouponKind, orderStatus, paymentRequestSource, paymentRequestStatus, shopRole } from "./enums";
import { parties, users } from "./parties";

/** A shop owns coupons through its own party and sells in one currency. */
export const shops = pgTable(
  "shops",
  {
    id: text("id").primaryKey(),
    partyId: text("party_id")
      .notNull()
      .references(() => parties.id),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    currency: text("currency").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("shops_party_unique").on(t.partyId),
    uniqueIndex("shops_slug_unique").on(sql`lower(${t.slug})`),
    check("shops_slug_format", sql`${t.slug} ~ '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$'`),
    check("shops_name_length", sql`char_length(${t.name}) between 1 and 100`),
    check("shops_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const shopMembers = pgTable(
  "shop_members",
  {
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: shopRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.userId] }), index("shop_members_user_idx").on(t.userId)],
);

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    priceMinor: bigintMinor("price_minor").notNull(),
    active: boolean("active").notNull().default(true),
    /** null: unlimited. */
    stock: integer("stock"),
    imagePath: text("image_path"),
    createdAt: createdAt(),
    /** Deleted by the shop: kept (never for sale) because past orders' items still name it. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("products_shop_idx").on(t.shopId),
    check("products_deleted_not_for_sale", sql`${t.deletedAt} is null or not ${t.active}`),
    check("products_price_positive", sql`${t.priceMinor} > 0`),
    check("products_stock_nonnegative", sql`${t.stock} is null or ${t.stock} >= 0`),
    check("products_name_length", sql`char_length(${t.name}) between 1 and 100`),
  ],
);

export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id),
    buyerPartyId: text("buyer_party_id").references(() => parties.id),
    status: orderStatus("status").notNull().default("pending"),
    totalMinor: bigintMinor("total_minor").notNull(),
    refundedMinor: bigintMinor("refunded_minor").notNull().default(sql`0`),
    currency: text("currency").notNull(),
    /** Shopper-side key so submitting the same checkout twice pays once. */
    checkoutKey: text("checkout_key"),
    /** The staff member who took the order at the shop's till (null: the storefront or the API). */
    takenByUserId: text("taken_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
  },
  (t) => [
    index("orders_shop_idx").on(t.shopId, t.createdAt),
    uniqueIndex("orders_checkout_key_unique").on(t.buyerPartyId, t.checkoutKey),
    check("orders_total_positive", sql`${t.totalMinor} > 0`),
    check(
      "orders_refund_within_total",
      sql`${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.totalMinor}`,
    ),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: bigintMinor("unit_price_minor").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.productId] }),
    check("order_items_quantity_positive", sql`${t.quantity} between 1 and 1000`),
    check("order_items_price_positive", sql`${t.unitPriceMinor} > 0`),
  ],
);

/**
 * A payment a shop asks for, paid on the hosted page `/pay/[id]`: through the API (`source` api, with the page to
 * send the shopper back to), or at the shop's till (`source` till: taken by a staff member, shown as a QR code with
 * a short code people can type, optionally for products, and optionally addressed to one person whose coupon the
 * till scanned — then only that person may pay it).
 */
export const paymentRequests = pgTable(
  "payment_requests",
  {
    id: text("id").primaryKey(),
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    orderReference: text("order_reference").notNull(),
    /** Where the hosted page sends the shopper after paying; null for the till (the wallet shows the receipt). */
    returnUrl: text("return_url"),
    status: paymentRequestStatus("status").notNull().default("open"),
    orderId: text("order_id").references(() => orders.id),
    source: paymentRequestSource("source").notNull().default("api"),
    /** Till only: six characters from the Crockford alphabet, unique among open requests. */
    shortCode: text("short_code"),
    /** Addressed to this person (the till scanned their coupon); null: whoever scans the QR code pays. */
    payerPartyId: text("payer_party_id").references(() => parties.id),
    /** Till only: the staff member who asked. */
    createdByUserId: text("created_by_user_id").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("payment_requests_shop_idx").on(t.shopId, t.createdAt),
    uniqueIndex("payment_requests_order_unique").on(t.orderId),
    uniqueIndex("payment_requests_open_short_code_unique")
      .on(t.shortCode)
      .where(sql`${t.status} = 'open' and ${t.shortCode} is not null`),
    index("payment_requests_payer_idx")
      .on(t.payerPartyId, t.createdAt)
      .where(sql`${t.payerPartyId} is not null`),
    check("payment_requests_amount_positive", sql`${t.amountMinor} > 0`),
    check("payment_requests_paid_has_order", sql`${t.status} <> 'paid' or ${t.orderId} is not null`),
    check(
      "payment_requests_source_fields",
      sql`(${t.source} = 'api' and ${t.returnUrl} is not null and ${t.shortCode} is null and ${t.payerPartyId} is null and ${t.createdByUserId} is null)
        or (${t.source} = 'till' and ${t.shortCode} is not null and ${t.createdByUserId} is not null)`,
    ),
    check(
      "payment_requests_short_code_format",
      sql`${t.shortCode} is null or ${t.shortCode} ~ '^[0-9A-HJKMNP-TV-Z]{6}$'`,
    ),
  ],
);

/** The products a till payment request is for (none: an amount typed at the till). */
export const paymentRequestItems = pgTable(
  "payment_request_items",
  {
    paymentRequestId: text("payment_request_id")
      .notNull()
      .references(() => paymentRequests.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: bigintMinor("unit_price_minor").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paymentRequestId, t.productId] }),
    check("payment_request_items_quantity_positive", sql`${t.quantity} between 1 and 1000`),
    check("payment_request_items_price_positive", sql`${t.unitPriceMinor} > 0`),
  ],
);

/** The coupons that paid an order and those given back by its refunds, each with the transfer that moved it. */
export const orderCoupons = pgTable(
  "order_coupons",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    couponId: text("coupon_id")
      .notNull()
      .references(() => coupons.id),
    transferId: text("transfer_id")
      .notNull()
      .references(() => transfers.id),
    kind: orderCouponKind("kind").notNull(),
    amountMinor: bigintMinor("amount_minor").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("order_coupons_order_idx").on(t.orderId),
    /** The order a coupon paid or refunded, from the coupon (wallet history). */
    index("order_coupons_coupon_idx").on(t.couponId),
    uniqueIndex("order_coupons_transfer_unique").on(t.transferId),
    check("order_coupons_amount_positive", sql`${t.amountMinor} > 0`),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** A product's image, kept in the database (at most 1 MB, PNG, JPEG, WebP or GIF, checked by content). */
export const productImages = pgTable(
  "product_images",
  {
    productId: text("product_id")
      .primaryKey()
      .references(() => products.id, { onDelete: "cascade" }),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("product_images_size", sql`octet_length(${t.bytes}) between 1 and 1048576`),
    check(
      "product_images_type",
      sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')`,
    ),
  ],
);
