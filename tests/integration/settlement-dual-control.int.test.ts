/**
 * Hole 6 of issue #13 (dual control): settling a batch whose open statements total more than
 * SCRIP_DUAL_CONTROL_MINOR in a currency takes two different admins' passkeys. The first admin's confirmed call
 * settles nothing and records the batch; only a different admin, confirming with their own passkey bound to that
 * exact set, settles it. The same admin approving is refused; two approvals at once settle once.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { settleOperation } from "../../lib/charging/operations";
import { runCharging } from "../../lib/charging/run-charging";
import { toCurrency } from "../../lib/money/currencies";
import { approveSettlement } from "../../lib/settlement/approve-settlement";
import { getDualControlThreshold } from "../../lib/settlement/dual-control-threshold";
import { listSettlementApprovals } from "../../lib/settlement/list-settlement-approvals";
import { settleStatements } from "../../lib/settlement/settle-statements";
import { settlementApprovalOperation } from "../../lib/settlement/settlement-approval-operation";
import {
  actorOf,
  authorize,
  createUsers,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
let ada: TestUser;
let ben: TestUser;
let cy: TestUser;
let small: string;
let large: string[];
const asAdmin = (user: TestUser) => actorOf(user, { isAdmin: true });

beforeAll(async () => {
  setupCouponEnvironment();
  // One admin alone may settle up to 50.00 EUR in a call (and ¥100 000).
  process.env.SCRIP_DUAL_CONTROL_MINOR = "5000,JPY=100000";
  t = await createTestDatabase({ max: 8 });
  ada = await createTestUser(t.db, { isAdmin: true });
  ben = await createTestUser(t.db, { isAdmin: true });
  cy = await createTestUser(t.db, { isAdmin: true });
  const [p, q, r, s] = (await createUsers(t.db, 4)) as [TestUser, TestUser, TestUser, TestUser];
  // p owes 30.00, q owes 40.00 (together 70.00 EUR: over the threshold); r is owed 70.00; s owes 10.00.
  await giveTestCoupon(t.db, p, r, await issueTestCoupon(t.db, p, { amountMinor: 3000n }));
  await giveTestCoupon(t.db, q, r, await issueTestCoupon(t.db, q, { amountMinor: 4000n }));
  await giveTestCoupon(t.db, s, ada, await issueTestCoupon(t.db, s, { amountMinor: 1000n }));
  const dayMs = 86_400_000;
  const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
  const run = await runCharging(t.db, {
    actor: systemActor("test"),
    periodEnd,
    trigger: "system",
    now: new Date(periodEnd.getTime() + 1000),
  });
  const rows = await t.db.execute<{ id: string; party_id: string }>(
    sql`select id, party_id from statements where run_id = ${run.runId} and kind = 'invoice'`,
  );
  small = rows.find((row) => row.party_id === s.partyId)!.id;
  large = rows.filter((row) => row.party_id === p.partyId || row.party_id === q.partyId).map((row) => row.id);
});
afterAll(async () => {
  delete process.env.SCRIP_DUAL_CONTROL_MINOR;
  await t?.destroy();
});

const openCount = async (ids: string[]) => {
  const [row] = await t.db.execute<{ n: number }>(
    sql`select count(*)::int as n from statements where id = any(${`{${ids.join(",")}}`}::text[]) and status = 'open'`,
  );
  return row?.n;
};

async function askToSettle(by: TestUser, ids: string[]) {
  return settleStatements(t.db, {
    actor: asAdmin(by),
    statementIds: ids,
    authorization: await authorize(t.db, by, settleOperation(ids)),
  });
}

async function approve(by: TestUser, approvalId: string, ids: string[]) {
  return approveSettlement(t.db, {
    actor: asAdmin(by),
    approvalId,
    authorization: await authorize(t.db, by, settlementApprovalOperation(approvalId, ids)),
  });
}

describe("dual control of large settlements", () => {
  it("reads SCRIP_DUAL_CONTROL_MINOR in minor units per currency and refuses nonsense", () => {
    const threshold = getDualControlThreshold({ SCRIP_DUAL_CONTROL_MINOR: "100000,JPY=10000000" });
    expect(threshold(toCurrency("EUR"))).toBe(100_000n);
    expect(threshold(toCurrency("JPY"))).toBe(10_000_000n);
    expect(getDualControlThreshold({})(toCurrency("USD"))).toBe(1_000_000n);
    expect(() => getDualControlThreshold({ SCRIP_DUAL_CONTROL_MINOR: "JPY=5" })).toThrow(/default/);
    expect(() => getDualControlThreshold({ SCRIP_DUAL_CONTROL_MINOR: "1.5" })).toThrow(/cannot read/);
  });

  it("one admin settles a batch under the threshold alone", async () => {
    expect((await askToSettle(ben, [small])).settled).toEqual([small]);
  });

  it("a batch over the threshold waits for a second admin; the same admin cannot approve it", async () => {
    const asked = await askToSettle(ada, large);
    expect(asked.settled).toEqual([]);
    expect(asked.awaitingApproval?.totals).toEqual([{ currency: "EUR", amountMinor: 7000n }]);
    expect(await openCount(large)).toBe(2);
    const approvalId = asked.awaitingApproval!.approvalId;
    const listed = await listSettlementApprovals(t.db, asAdmin(ada));
    expect(listed).toMatchObject([
      { approvalId, statementCount: 2, totals: [{ currency: "EUR", amountMinor: 7000n }], mine: true },
    ]);
    expect((await listSettlementApprovals(t.db, asAdmin(ben)))[0]?.mine).toBe(false);

    // The same admin, with a genuine passkey assertion over this very approval, is refused.
    await expectAppError(approve(ada, approvalId, large), "FORBIDDEN");
    // A second admin's assertion must be bound to this approval's exact set.
    await expectAppError(
      approveSettlement(t.db, {
        actor: asAdmin(ben),
        approvalId,
        authorization: await authorize(t.db, ben, settlementApprovalOperation(approvalId, [large[0]!])),
      }),
      "STEP_UP_INVALID",
    );
    expect(await openCount(large)).toBe(2);

    // Two different admins approve at once: the batch is settled once; the later one is told it is done.
    const results = await Promise.allSettled([
      approve(ben, approvalId, large),
      approve(cy, approvalId, large),
    ]);
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    expect(fulfilled).toHaveLength(1);
    expect((fulfilled[0] as PromiseFulfilledResult<{ settled: string[] }>).value.settled.sort()).toEqual(
      [...large].sort(),
    );
    const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "CONFLICT" });
    expect(await openCount(large)).toBe(0);
    const [postings] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from postings where statement_id = any(${`{${large.join(",")}}`}::text[])`,
    );
    expect(postings?.n).toBe(2);
    expect(await listSettlementApprovals(t.db, asAdmin(ben))).toEqual([]);
    await expectLedgerClean(t.db);
  });
});
