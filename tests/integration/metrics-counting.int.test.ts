/**
 * What the domain tells the metrics, against real PostgreSQL: an accepted transfer counts one owner change when
 * its unit of work (a request, a job) ends without failing; a refused accept counts a failure by its error code
 * and no owner change; an accept whose transaction the caller rolls back counts nothing; a storefront checkout
 * counts once, and its repeat (the same checkout answered again) not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { completeCheckout } from "../../lib/checkout/complete-checkout";
import { toErrorBody } from "../../lib/errors";
import { getMetrics } from "../../lib/observability/metrics";
import { countCompletedWork, type WorkContext } from "../../lib/observability/work-context";
import { runAsWork } from "../../lib/observability/work-storage";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import {
  actorOf,
  authorizeAccept,
  createUsers,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { createShopWithProducts, newCheckoutKey, prepareCheckout } from "../support/shop-fixtures";

let t: TestDatabase;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

/** Runs `work` as one unit of work, answering a failure as an entry point does; returns its context. */
function unitOfWork(work: () => Promise<unknown>): Promise<WorkContext> {
  return runAsWork("test", async (context) => {
    let succeeded = true;
    try {
      await work();
    } catch (error) {
      toErrorBody(error);
      succeeded = false;
    }
    countCompletedWork(context, succeeded);
    return context;
  });
}

async function counter(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = getMetrics().registry.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  const value = values.find((v) =>
    Object.entries(labels).every(([key, expected]) => v.labels[key] === expected),
  );
  return value?.value ?? 0;
}

describe("[metrics] counting what the domain wrote", () => {
  it("counts an accept once, with its operation; a refused second accept only as a failure", async () => {
    getMetrics();
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    const authorization = await authorizeAccept(t.db, bob, offer);
    const ownerChanges = await counter("scrip_owner_changes_total");
    const refusals = await counter("scrip_failures_total", { code: "TRANSFER_NOT_PENDING" });

    const accepted = await unitOfWork(() =>
      acceptTransfer(t.db, actorOf(bob), { transferId: offer.transferId, authorization }),
    );
    expect(accepted.errorCode).toBeUndefined();
    expect(accepted.operation).toBe("transfer.accept");
    expect([...accepted.ownerChanges]).toEqual([offer.transferId]);
    expect(await counter("scrip_owner_changes_total")).toBe(ownerChanges + 1);

    const again = await unitOfWork(async () =>
      acceptTransfer(t.db, actorOf(bob), {
        transferId: offer.transferId,
        authorization: await authorizeAccept(t.db, bob, offer),
      }),
    );
    expect(again.errorCode).toBe("TRANSFER_NOT_PENDING");
    expect(await counter("scrip_owner_changes_total")).toBe(ownerChanges + 1);
    expect(await counter("scrip_failures_total", { code: "TRANSFER_NOT_PENDING" })).toBe(refusals + 1);
  });

  it("counts nothing for an accept whose transaction the caller rolls back", async () => {
    const [carol, dave] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, carol);
    const offer = await offerTestCoupon(t.db, carol, coupon, { partyId: dave.partyId });
    const authorization = await authorizeAccept(t.db, dave, offer);
    const ownerChanges = await counter("scrip_owner_changes_total");
    const internal = await counter("scrip_failures_total", { code: "INTERNAL" });
    const rolledBack = await unitOfWork(() =>
      t.db.transaction(async (tx) => {
        await acceptTransfer(tx, actorOf(dave), { transferId: offer.transferId, authorization });
        throw new Error("the caller gives up after the accept");
      }),
    );
    // The accept wrote its owner change inside the transaction, and the unit of work noted it…
    expect([...rolledBack.ownerChanges]).toEqual([offer.transferId]);
    // …but the unit failed, so nothing is counted as done.
    expect(rolledBack.errorCode).toBe("INTERNAL");
    expect(await counter("scrip_owner_changes_total")).toBe(ownerChanges);
    expect(await counter("scrip_failures_total", { code: "INTERNAL" })).toBe(internal + 1);
    const [row] = await t.sql<
      { status: string }[]
    >`select status::text from transfers where id = ${offer.transferId}`;
    expect(row?.status).toBe("pending");
  });

  it("counts a storefront checkout once, and not its repeat under the same checkout key", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 500n }]);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 500n });
    const checkouts = await counter("scrip_checkouts_total", { kind: "storefront" });
    const input = {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
      checkoutKey: newCheckoutKey(),
    };
    const prepared = await prepareCheckout(t.db, shopper, input);
    const complete = () =>
      completeCheckout(t.db, actorOf(shopper), { ...prepared.input, authorization: prepared.authorization });
    const paid = await unitOfWork(complete);
    expect(paid.errorCode).toBeUndefined();
    expect(paid.operation).toBe("checkout.pay");
    expect(await counter("scrip_checkouts_total", { kind: "storefront" })).toBe(checkouts + 1);
    let repeat: { alreadyPaid: boolean } | undefined;
    await unitOfWork(async () => {
      repeat = await complete();
    });
    expect(repeat?.alreadyPaid).toBe(true);
    expect(await counter("scrip_checkouts_total", { kind: "storefront" })).toBe(checkouts + 1);
  });
});
