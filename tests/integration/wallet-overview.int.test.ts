import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargingRuns, postings, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { newId } from "../../lib/ids";
import { getWalletOverview } from "../../lib/wallet/get-wallet-overview";
import { insertAccount, insertCoupon, insertParty } from "../support/schema-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

describe("getWalletOverview", () => {
  it("totals spendable, pending out, pending in and unbilled per currency, and lists what needs action", async () => {
    const me = await insertParty(t.db);
    const friend = await insertParty(t.db);
    const day = 86_400_000;
    const now = new Date();
    const soon = new Date(now.getTime() + day);
    await insertCoupon(t.db, { ownerPartyId: me, amountMinor: 1000n, currency: "EUR" });
    await insertCoupon(t.db, { ownerPartyId: me, amountMinor: 250n, currency: "EUR" });
    await insertCoupon(t.db, { ownerPartyId: me, amountMinor: 500n, currency: "JPY" });
    const offered = await insertCoupon(t.db, {
      ownerPartyId: me,
      amountMinor: 300n,
      currency: "EUR",
      status: "offered",
    });
    await t.db.insert(transfers).values({
      id: newId("transfer"),
      couponId: offered,
      couponVersion: 1,
      fromPartyId: me,
      toPartyId: friend,
      expiresAt: soon,
      transferorAuthorization: {},
    });
    // Expired coupons are not spendable; converted ones are not held at all.
    await insertCoupon(t.db, {
      ownerPartyId: me,
      amountMinor: 9999n,
      currency: "EUR",
      issuedAt: new Date(now.getTime() - 3 * day),
      expiresAt: new Date(now.getTime() - day),
    });
    await insertCoupon(t.db, { ownerPartyId: me, amountMinor: 7777n, currency: "EUR", status: "converted" });
    // An offer to me from my friend, and one that has already expired.
    const incoming = await insertCoupon(t.db, {
      ownerPartyId: friend,
      amountMinor: 420n,
      currency: "EUR",
      status: "offered",
    });
    const incomingTransfer = newId("transfer");
    await t.db.insert(transfers).values({
      id: incomingTransfer,
      couponId: incoming,
      couponVersion: 1,
      fromPartyId: friend,
      toPartyId: me,
      expiresAt: soon,
      transferorAuthorization: {},
    });
    const stale = await insertCoupon(t.db, {
      ownerPartyId: friend,
      amountMinor: 1n,
      currency: "EUR",
      status: "offered",
    });
    await t.db.insert(transfers).values({
      id: newId("transfer"),
      couponId: stale,
      couponVersion: 1,
      fromPartyId: friend,
      toPartyId: me,
      expiresAt: new Date(now.getTime() - 1000),
      transferorAuthorization: {},
    });
    // Unbilled: I was debited 1300 (funding) and credited 200 (conversion); a billed posting is ignored.
    const myEur = await insertAccount(t.db, { kind: "party", partyId: me, currency: "EUR" });
    const outstanding = await insertAccount(t.db, { kind: "issuer_outstanding", currency: "EUR" });
    const fundedCoupon = await insertCoupon(t.db, {
      ownerPartyId: friend,
      requesterPartyId: me,
      amountMinor: 1300n,
      currency: "EUR",
      funded: true,
    });
    const convertedCoupon = await insertCoupon(t.db, {
      ownerPartyId: me,
      amountMinor: 200n,
      currency: "EUR",
      status: "converted",
      funded: true,
    });
    const billedCoupon = await insertCoupon(t.db, {
      ownerPartyId: friend,
      requesterPartyId: me,
      amountMinor: 5000n,
      currency: "EUR",
      funded: true,
    });
    await t.db.insert(postings).values([
      {
        id: newId("posting"),
        kind: "funding",
        debitAccountId: myEur,
        creditAccountId: outstanding,
        amountMinor: 1300n,
        currency: "EUR",
        couponId: fundedCoupon,
      },
      {
        id: newId("posting"),
        kind: "conversion",
        debitAccountId: outstanding,
        creditAccountId: myEur,
        amountMinor: 200n,
        currency: "EUR",
        couponId: convertedCoupon,
      },
      {
        id: newId("posting"),
        kind: "funding",
        debitAccountId: myEur,
        creditAccountId: outstanding,
        amountMinor: 5000n,
        currency: "EUR",
        couponId: billedCoupon,
        createdAt: new Date(Date.UTC(2020, 0, 15)),
      },
    ]);
    // A run over January 2020, snapshotted after the postings were written: it billed the January funding only.
    await t.db.insert(chargingRuns).values({
      id: newId("chargingRun"),
      periodStart: new Date(Date.UTC(2020, 0, 1)),
      periodEnd: new Date(Date.UTC(2020, 1, 1)),
    });

    const overview = await getWalletOverview(t.db, me, now);
    expect(overview.balances).toEqual([
      {
        currency: "EUR",
        spendableMinor: 1250n,
        pendingOutMinor: 300n,
        pendingInMinor: 420n,
        unbilledNetMinor: 1100n,
      },
      {
        currency: "JPY",
        spendableMinor: 500n,
        pendingOutMinor: 0n,
        pendingInMinor: 0n,
        unbilledNetMinor: 0n,
      },
    ]);
    // Usable coupons first (soonest expiry first), then the rest by expiry: the lapsed one (still "active"
    // until the expiry job runs) and the one on offer. Converted coupons are not held any more.
    expect(overview.coupons.map((c) => c.amountMinor)).toEqual([1000n, 250n, 500n, 9999n, 300n]);
    expect(overview.incomingOffers).toHaveLength(1);
    expect(overview.incomingOffers[0]).toMatchObject({
      transferId: incomingTransfer,
      amountMinor: 420n,
      currency: "EUR",
    });
  });

  it("shows an empty wallet for a new party", async () => {
    const party = await insertParty(t.db);
    expect(await getWalletOverview(t.db, party)).toEqual({ balances: [], coupons: [], incomingOffers: [] });
  });
});
