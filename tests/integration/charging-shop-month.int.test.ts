import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { shops, transfers, webhookEndpoints, webhookMessages } from "../../db/schema";
import { systemActor } from "../../lib/auth/actor";
import { runCharging } from "../../lib/charging/run-charging";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { convertOperation } from "../../lib/coupons/operations";
import { newId } from "../../lib/ids";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import { beginShopConversion, completeShopConversion } from "../../lib/shops/shop-conversion";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import {
  actorOf,
  authorize,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectLedgerClean,
  issueTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

const dayMs = 86_400_000;

describe("a charging run over a month of shop business", () => {
  it("bills purchases, a shop-funded refund and conversions exactly, and tells the shop's webhook", async () => {
    const merchant = await createTestUser(t.db);
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 500n }, { priceMinor: 300n }]);
    const [shopRow] = await t.db.select().from(shops).where(eq(shops.id, shop.shopId));
    const shopPartyId = shopRow?.partyId as string;
    await t.db.insert(webhookEndpoints).values({
      id: newId("webhookEndpoint"),
      shopId: shop.shopId,
      url: "https://93.184.215.14/hooks",
      eventTypes: ["statement.created"],
      secretEncrypted: "unused-in-this-test",
    });
    // Alice pays 500 with a 1000 coupon: the paying half is funded (she owes 500), the change stays unfunded.
    const aliceCoupon = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
    await checkoutWith(t.db, alice, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [aliceCoupon.id],
    });
    // Bob pays 300 exactly (he owes 300).
    const bobCoupon = await issueTestCoupon(t.db, bob, { amountMinor: 300n });
    const bobOrder = await checkoutWith(t.db, bob, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[1] as string, quantity: 1 }],
      couponIds: [bobCoupon.id],
    });
    // The shop converts everything it holds (it is owed 800).
    const conversion = await beginShopConversion(t.db, shop.ownerActor, {
      slug: shop.slug,
      couponIds: "all",
      ip: null,
    });
    await completeShopConversion(t.db, shop.ownerActor, {
      slug: shop.slug,
      couponIds: conversion.couponIds,
      authorization: merchant.authenticator.createAssertion(conversion.options.challenge),
      ip: null,
    });
    // It refunds Bob's order: its coupons are converted, so it funds a new one (it owes 300); Bob accepts it and
    // converts it (he is owed 300, which cancels what he owes).
    const refundDraft = await beginRefund(t.db, shop.ownerActor, {
      slug: shop.slug,
      orderId: bobOrder.orderId,
      amountMinor: 300n,
      ip: null,
    });
    const refund = await completeRefund(t.db, shop.ownerActor, {
      slug: shop.slug,
      orderId: bobOrder.orderId,
      amountMinor: 300n,
      authorization: merchant.authenticator.createAssertion(refundDraft.options.challenge),
      ip: null,
    });
    const [offer] = await t.db
      .select()
      .from(transfers)
      .where(eq(transfers.id, refund.transferIds[0] as string));
    const transfer = { transferId: offer?.id as string, couponId: offer?.couponId as string, version: 1 };
    await acceptTransfer(t.db, actorOf(bob), {
      transferId: transfer.transferId,
      authorization: await authorizeAccept(t.db, bob, transfer),
    });
    await convertCoupon(t.db, actorOf(bob), {
      couponId: transfer.couponId,
      version: 2,
      authorization: await authorize(
        t.db,
        bob,
        convertOperation({ couponId: transfer.couponId, version: 2, amountMinor: 300n, currency: "EUR" }),
      ),
    });

    const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
    const run = await runCharging(t.db, {
      actor: systemActor("month test"),
      periodEnd,
      now: new Date(periodEnd.getTime() + 1000),
      trigger: "system",
    });
    const statements = await t.db.execute<{ party_id: string; kind: string; amount: string }>(
      sql`select party_id, kind::text, amount_minor::text as amount from statements where run_id = ${run.runId}`,
    );
    const byParty = Object.fromEntries(statements.map((row) => [row.party_id, `${row.kind} ${row.amount}`]));
    expect(byParty).toEqual({ [alice.partyId]: "invoice 500", [shopPartyId]: "payout 500" });
    const messages = await t.db
      .select()
      .from(webhookMessages)
      .where(eq(webhookMessages.eventType, "statement.created"));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.payload).toMatchObject({
      type: "statement.created",
      data: { kind: "payout", amountMinor: "500", currency: "EUR", periodEnd: periodEnd.toISOString() },
    });
    await expectLedgerClean(t.db);
  });
});
