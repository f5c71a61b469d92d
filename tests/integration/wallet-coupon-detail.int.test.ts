import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargingRuns, couponEvents, postings, statements, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { AppError } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { getCouponDetail } from "../../lib/wallet/get-coupon-detail";
import { listPartyPostings, listStatements } from "../../lib/wallet/list-statements";
import { insertAccount, insertCoupon, insertParty } from "../support/schema-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

async function expectNotFound(action: Promise<unknown>) {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("NOT_FOUND");
}

describe("getCouponDetail", () => {
  it("shows the coupon and its timeline to its owner, requester and past holders, and to nobody else", async () => {
    const alice = await insertParty(t.db);
    const bob = await insertParty(t.db);
    const carol = await insertParty(t.db);
    const mallory = await insertParty(t.db);
    // Alice requested it, gave it to Bob, who gave it to Carol.
    const couponId = await insertCoupon(t.db, {
      ownerPartyId: carol,
      requesterPartyId: alice,
      version: 3,
      funded: true,
    });
    const events = [
      { kind: "issued" as const, actorPartyId: alice, toPartyId: alice, version: 1 },
      { kind: "accepted" as const, actorPartyId: bob, fromPartyId: alice, toPartyId: bob, version: 2 },
      { kind: "accepted" as const, actorPartyId: carol, fromPartyId: bob, toPartyId: carol, version: 3 },
    ];
    for (const [index, event] of events.entries()) {
      await t.db.insert(couponEvents).values({
        id: newId("couponEvent"),
        couponId,
        seq: index + 1,
        prevHash: index === 0 ? null : `h${index}`,
        hash: `h${index + 1}`,
        ...event,
      });
    }
    const forCarol = await getCouponDetail(t.db, carol, couponId);
    expect(forCarol.viewerIsOwner).toBe(true);
    expect(forCarol.timeline.map((e) => e.kind)).toEqual(["issued", "accepted", "accepted"]);
    expect(forCarol.timeline[2]?.byViewer).toBe(true);
    const forAlice = await getCouponDetail(t.db, alice, couponId);
    expect(forAlice.viewerIsRequester).toBe(true);
    expect(forAlice.viewerIsOwner).toBe(false);
    expect((await getCouponDetail(t.db, bob, couponId)).version).toBe(3);
    await expectNotFound(getCouponDetail(t.db, mallory, couponId));
    await expectNotFound(getCouponDetail(t.db, mallory, "cpn_' or 1=1"));
    await expectNotFound(getCouponDetail(t.db, alice, newId("coupon")));
  });

  it("lets the named recipient of a pending offer see what is offered", async () => {
    const giver = await insertParty(t.db);
    const recipient = await insertParty(t.db);
    const couponId = await insertCoupon(t.db, { ownerPartyId: giver, status: "offered" });
    await t.db.insert(transfers).values({
      id: newId("transfer"),
      couponId,
      couponVersion: 1,
      fromPartyId: giver,
      toPartyId: recipient,
      expiresAt: new Date(Date.now() + 60_000),
      transferorAuthorization: {},
    });
    const detail = await getCouponDetail(t.db, recipient, couponId);
    expect(detail.pendingTransfer?.fromViewer).toBe(false);
    expect((await getCouponDetail(t.db, giver, couponId)).pendingTransfer?.fromViewer).toBe(true);
  });
});

describe("statements and postings", () => {
  it("lists a party's statements and its postings signed from its side", async () => {
    const party = await insertParty(t.db);
    const account = await insertAccount(t.db, { kind: "party", partyId: party, currency: "USD" });
    const outstanding = await insertAccount(t.db, { kind: "issuer_outstanding", currency: "USD" });
    const funded = await insertCoupon(t.db, { ownerPartyId: party, currency: "USD", funded: true });
    const converted = await insertCoupon(t.db, {
      ownerPartyId: party,
      currency: "USD",
      funded: true,
      status: "converted",
    });
    await t.db.insert(postings).values([
      {
        id: newId("posting"),
        kind: "funding",
        debitAccountId: account,
        creditAccountId: outstanding,
        amountMinor: 1000n,
        currency: "USD",
        couponId: funded,
      },
      {
        id: newId("posting"),
        kind: "conversion",
        debitAccountId: outstanding,
        creditAccountId: account,
        amountMinor: 1000n,
        currency: "USD",
        couponId: converted,
      },
    ]);
    const lines = await listPartyPostings(t.db, party);
    expect(lines.map((line) => [line.kind, line.amountMinor]).sort()).toEqual([
      ["conversion", -1000n],
      ["funding", 1000n],
    ]);
    const runId = newId("chargingRun");
    await t.db.insert(chargingRuns).values({
      id: runId,
      periodStart: new Date(Date.UTC(2021, 0, 1)),
      periodEnd: new Date(Date.UTC(2021, 1, 1)),
    });
    await t.db.insert(statements).values({
      id: newId("statement"),
      runId,
      partyId: party,
      currency: "USD",
      kind: "payout",
      amountMinor: 700n,
    });
    const [statement] = await listStatements(t.db, party);
    expect(statement).toMatchObject({
      runId,
      kind: "payout",
      amountMinor: 700n,
      status: "open",
      currency: "USD",
    });
    expect(await listStatements(t.db, await insertParty(t.db))).toEqual([]);
  });
});
