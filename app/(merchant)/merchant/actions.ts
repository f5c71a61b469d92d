"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { memberAction } from "@/lib/auth/member-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { parseMoney } from "@/lib/money/money";
import { beginRefund } from "@/lib/orders/begin-refund";
import { completeRefund } from "@/lib/orders/complete-refund";
import { addShopMember } from "@/lib/shops/add-shop-member";
import { createShop } from "@/lib/shops/create-shop";
import { deleteProduct } from "@/lib/shops/delete-product";
import { removeShopMember } from "@/lib/shops/remove-shop-member";
import { saveProduct } from "@/lib/shops/save-product";
import { beginShopConversion, completeShopConversion } from "@/lib/shops/shop-conversion";
import { nameText, plainText } from "@/lib/validation/text";

const slug = plainText("a shop address").min(1).max(40);
const id = plainText("an id").min(1).max(80);

/** Creates a shop with the signed-in person as its owner. */
export const createShopAction = authedAction(
  z.object({
    name: nameText("a shop name").max(200),
    slug: plainText("a shop address").max(80),
    currency: z.string().max(8),
  }),
  async ({ db, actor, input }) => createShop(db, actor, input),
);

/** Adds a person (by handle) to the shop, or changes their role. */
export const addMemberAction = memberAction(
  "shop.members.write",
  z.object({ slug, handle: plainText("a handle").max(40), role: z.enum(["owner", "staff"]) }),
  async ({ db, actor, input }) => addShopMember(db, actor, input),
);

/** Removes a member from the shop. */
export const removeMemberAction = memberAction(
  "shop.members.write",
  z.object({ slug, userId: id }),
  async ({ db, actor, input }) => {
    await removeShopMember(db, actor, input);
    return { removed: true };
  },
);

/** Creates or updates a product; the price is typed as a decimal amount in the shop's currency. */
export const saveProductAction = memberAction(
  "shop.products.write",
  z.object({
    slug,
    productId: id.optional(),
    name: nameText("a product name").max(200),
    description: plainText("a description", { multiline: true }).max(4000),
    price: z.string().trim().min(1, "Enter a price.").max(24),
    active: z.boolean(),
    stock: z.number().int().nullable(),
  }),
  async ({ db, actor, shop, input }) =>
    saveProduct(db, actor, {
      ...input,
      priceMinor: parseMoney(input.price, shop.currency).amountMinor,
    }),
);

/** Deletes a product: gone from the shop and the catalogue, still named on past orders' receipts. */
export const deleteProductAction = memberAction(
  "shop.products.write",
  z.object({ slug, productId: id }),
  async ({ db, actor, input }) => deleteProduct(db, actor, input),
);

const refundInput = z.object({
  slug,
  orderId: id,
  amount: z.string().trim().min(1, "Enter an amount.").max(24),
});

/** Step-up options for refunding (part of) an order. */
export const refundOptionsAction = memberAction(
  "shop.orders.refund",
  refundInput,
  async ({ db, actor, shop, meta, input }) => {
    const { amountMinor } = parseMoney(input.amount, shop.currency);
    const draft = await beginRefund(db, actor, {
      slug: input.slug,
      orderId: input.orderId,
      amountMinor,
      ip: meta.ip,
    });
    return {
      options: draft.options,
      returnedCoupons: draft.returnedCoupons,
      newCouponMinor: draft.newCouponMinor.toString(),
    };
  },
);

/** Refunds with the owner's passkey assertion over the planned refund. */
export const refundAction = memberAction(
  "shop.orders.refund",
  refundInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, shop, meta, input }) => {
    const { amountMinor } = parseMoney(input.amount, shop.currency);
    const result = await completeRefund(db, actor, {
      slug: input.slug,
      orderId: input.orderId,
      amountMinor,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return {
      status: result.status,
      refundedMinor: result.refundedMinor.toString(),
      offers: result.transferIds.length,
    };
  },
);

const conversionChoice = z.union([z.literal("all"), z.array(id).min(1).max(200)]);

/** Step-up options for converting the chosen (or all) received coupons. */
export const conversionOptionsAction = memberAction(
  "shop.coupons.convert",
  z.object({ slug, couponIds: conversionChoice }),
  async ({ db, actor, meta, input }) => {
    const draft = await beginShopConversion(db, actor, { ...input, ip: meta.ip });
    return {
      options: draft.options,
      couponIds: draft.couponIds,
      count: draft.count,
      totalMinor: draft.totalMinor.toString(),
    };
  },
);

/** Converts exactly the coupons confirmed with the owner's passkey. */
export const conversionAction = memberAction(
  "shop.coupons.convert",
  z.object({ slug, couponIds: z.array(id).min(1).max(200), stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const result = await completeShopConversion(db, actor, {
      slug: input.slug,
      couponIds: input.couponIds,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { converted: result.converted, totalMinor: result.totalMinor.toString() };
  },
);
