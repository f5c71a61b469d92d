import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentRequests } from "../../db/schema";
import { createTillRequest } from "../../lib/pos/create-till-request";
import { listMyPaymentRequests, myPaymentRequestsLimit } from "../../lib/pos/list-my-payment-requests";
import { actorOf, couponTestDatabaseForFile, expectAppError } from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import { shopActorFixture } from "../support/shop-actor";
import { createShopWithProducts, memberActor } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

async function tillOf() {
  const merchant = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, merchant, []);
  const till = memberActor(merchant, { [shop.shopId]: "owner" });
  const ask = (amount: string, payerPartyId: string | null, now?: Date) =>
    createTillRequest(t.db, till, { shopId: shop.shopId, amount, payerPartyId, ip: null, now });
  return { shop, ask };
}

describe("payment requests addressed to me", () => {
  it("lists only my own open, unexpired requests with the shop's name, soonest to expire first", async () => {
    const me = await createTestUser(t.db);
    const someoneElse = await createTestUser(t.db);
    const { ask } = await tillOf();
    const corner = await tillOf();
    const later = await ask("4.50", me.partyId);
    const sooner = await corner.ask("2.00", me.partyId, new Date(Date.now() - 60_000));
    await ask("9.00", someoneElse.partyId);
    await ask("7.00", null);
    await ask("3.00", me.partyId, new Date(Date.now() - 11 * 60_000));
    const cancelled = await ask("6.00", me.partyId);
    await t.db
      .update(paymentRequests)
      .set({ status: "cancelled" })
      .where(eq(paymentRequests.id, cancelled.id));
    const mine = await listMyPaymentRequests(t.db, actorOf(me));
    expect(mine.map((request) => [request.id, request.amountMinor, request.currency])).toEqual([
      [sooner.id, 200n, "EUR"],
      [later.id, 450n, "EUR"],
    ]);
    expect(mine[0]?.shopName).toMatch(/^Test shop/);
    expect(mine[0]?.expiresAt).toEqual(sooner.expiresAt);
    // Once it has run out it is gone, even before anything marks it.
    expect(
      await listMyPaymentRequests(t.db, actorOf(me), { now: new Date(later.expiresAt.getTime()) }),
    ).toEqual([]);
    expect(
      (await listMyPaymentRequests(t.db, actorOf(someoneElse))).map((request) => request.amountMinor),
    ).toEqual([900n]);
  });

  it(`lists at most ${myPaymentRequestsLimit}, and only for a person`, async () => {
    const me = await createTestUser(t.db);
    const { ask } = await tillOf();
    for (let index = 0; index < myPaymentRequestsLimit + 2; index++) await ask("1.00", me.partyId);
    expect(await listMyPaymentRequests(t.db, actorOf(me))).toHaveLength(myPaymentRequestsLimit);
    await expectAppError(listMyPaymentRequests(t.db, await shopActorFixture(t.db)), "FORBIDDEN");
  });
});
