import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { runCharging } from "../../lib/charging/run-charging";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { convertOperation } from "../../lib/coupons/operations";
import { isId } from "../../lib/ids";
import { getStatementsPage } from "../../lib/wallet/get-statements-page";
import { backendWaitingForLock, runScriptInChild } from "../support/blocked-child";
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
import type { TestUser } from "../support/identity";

let t: TestDatabase;
const system = systemActor("charging test");
const dayMs = 86_400_000;
/** Tomorrow's UTC midnight: a period end after every posting the test makes, "now" a second later. */
const tomorrow = () => new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
const runFor = (periodEnd: Date) =>
  runCharging(t.db, {
    actor: system,
    periodEnd,
    now: new Date(periodEnd.getTime() + 1000),
    trigger: "system",
  });

beforeEach(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterEach(async () => {
  await t?.destroy();
});

async function convert(user: TestUser, coupon: { id: string; version: number; amountMinor: bigint }) {
  const operation = convertOperation({
    couponId: coupon.id,
    version: coupon.version,
    amountMinor: coupon.amountMinor,
    currency: "EUR",
  });
  return convertCoupon(t.db, actorOf(user), {
    couponId: coupon.id,
    version: coupon.version,
    authorization: await authorize(t.db, user, operation),
  });
}

const byParty = (a: { partyId: string }, b: { partyId: string }) => a.partyId.localeCompare(b.partyId);

async function statementsOf(runId: string) {
  const rows = await t.db.execute<{ party_id: string; kind: string; amount: string; currency: string }>(
    sql`select party_id, kind::text, amount_minor::text as amount, currency from statements where run_id = ${runId}
      order by party_id`,
  );
  return rows
    .map((row) => ({ partyId: row.party_id, kind: row.kind, amountMinor: BigInt(row.amount) }))
    .sort(byParty);
}

describe("a charging run", () => {
  it("turns a scripted month (issuance, gifts, purchases, refunds, conversions) into exactly the expected statements", async () => {
    const [alice, bob, shop, carol, dave] = (await createUsers(t.db, 5)) as TestUser[] as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    // Alice's gift to Bob funds it: Alice owes 1000.
    const gift = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
    await giveTestCoupon(t.db, alice, bob, gift);
    // Alice buys at the shop with a 500 coupon (funding 500), and the shop converts it (owed 500).
    const purchase = await issueTestCoupon(t.db, alice, { amountMinor: 500n });
    await giveTestCoupon(t.db, alice, shop, purchase);
    await convert(shop, { ...purchase, version: 2 });
    // Bob spends the gift at the shop, which refunds it (gives it back): no postings. Bob converts it: owed 1000.
    await giveTestCoupon(t.db, bob, shop, { id: gift.id, version: 2 });
    await giveTestCoupon(t.db, shop, bob, { id: gift.id, version: 3 });
    await convert(bob, { ...gift, version: 4 });
    // Carol's coupon never leaves her wallet: unfunded, nothing to charge.
    await issueTestCoupon(t.db, carol, { amountMinor: 300n });
    // Dave funds 200 by giving it to Carol, who gives it back; Dave converts it: nets to zero, no statement.
    const roundTrip = await issueTestCoupon(t.db, dave, { amountMinor: 200n });
    await giveTestCoupon(t.db, dave, carol, roundTrip);
    await giveTestCoupon(t.db, carol, dave, { id: roundTrip.id, version: 2 });
    await convert(dave, { ...roundTrip, version: 3 });

    const run = await runFor(tomorrow());
    expect(run).toMatchObject({ created: true, invoiceCount: 1, payoutCount: 2 });
    expect(await statementsOf(run.runId)).toEqual(
      [
        { partyId: alice.partyId, kind: "invoice", amountMinor: 1500n },
        { partyId: shop.partyId, kind: "payout", amountMinor: 500n },
        { partyId: bob.partyId, kind: "payout", amountMinor: 1000n },
      ].sort(byParty),
    );
    // Each statement has its own random public id (drawn in bulk by the run).
    const ids = await t.db.execute<{ id: string }>(
      sql`select id from statements where run_id = ${run.runId}`,
    );
    expect(new Set(ids.map((row) => row.id)).size).toBe(3);
    expect(ids.every((row) => isId("statement", row.id))).toBe(true);
    await expectLedgerClean(t.db);
    // The wallet shows the statement and nothing left unbilled.
    const page = await getStatementsPage(t.db, actorOf(alice));
    expect(page.statements).toEqual([
      expect.objectContaining({ runId: run.runId, kind: "invoice", amountMinor: 1500n, status: "open" }),
    ]);
    expect(page.postings.every((posting) => posting.chargingRunId === run.runId)).toBe(true);
    expect(page.preview).toEqual([]);
    // A second run over the next period finds nothing new.
    const next = await runFor(new Date(run.periodEnd.getTime() + dayMs));
    expect(next).toMatchObject({ created: true, invoiceCount: 0, payoutCount: 0 });
    await expectLedgerClean(t.db);
  });

  it("leaves postings created after the period end to the next run", async () => {
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 700n }));
    const today = new Date(tomorrow().getTime() - dayMs);
    const first = await runCharging(t.db, { actor: system, periodEnd: today });
    expect(await statementsOf(first.runId)).toEqual([]);
    const second = await runFor(tomorrow());
    expect(await statementsOf(second.runId)).toEqual([
      { partyId: alice.partyId, kind: "invoice", amountMinor: 700n },
    ]);
    await expectLedgerClean(t.db);
  });

  it("runs a period once when two runs start at once, and refuses an earlier period afterwards", async () => {
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 400n }));
    const end = tomorrow();
    const [a, b] = await Promise.all([runFor(end), runFor(end)]);
    expect(a.runId).toBe(b.runId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const [count] = await t.db.execute<{ runs: number; statements: number }>(
      sql`select (select count(*)::int from charging_runs) as runs, (select count(*)::int from statements) as statements`,
    );
    expect(count).toEqual({ runs: 1, statements: 1 });
    await expectAppError(runFor(new Date(end.getTime() - dayMs)), "CONFLICT");
    await expectLedgerClean(t.db);
  });

  it("refuses period ends that are not UTC midnights or lie beyond the coming midnight, and actors without the permission", async () => {
    const [alice] = (await createUsers(t.db, 1)) as [TestUser];
    await expectAppError(
      runCharging(t.db, { actor: system, periodEnd: new Date(Date.UTC(2026, 0, 1, 12)) }),
      "VALIDATION_FAILED",
    );
    await expectAppError(
      runCharging(t.db, { actor: system, periodEnd: new Date(tomorrow().getTime() + dayMs) }),
      "VALIDATION_FAILED",
    );
    await expectAppError(
      runCharging(t.db, { actor: actorOf(alice), periodEnd: new Date(Date.UTC(2026, 0, 1)) }),
      "FORBIDDEN",
    );
  });
});

/**
 * Starts a run in a child process while another connection holds a lock on the statements table that the run's
 * insert waits for, so the run stops half way: its run row and nets written, its statements not.
 */
async function startBlockedRun(periodEnd: Date) {
  const blocker = await t.sql.reserve();
  await blocker`begin`;
  await blocker`lock table statements in share mode`;
  const [blockerRow] = await blocker<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const finished = runScriptInChild("charging-in-child.ts", {
    url: t.url,
    periodEnd: periodEnd.toISOString(),
    now: new Date(periodEnd.getTime() + 1000).toISOString(),
  });
  const victim = await backendWaitingForLock(t.sql, blockerRow!.pid, "the charging run");
  const release = async () => {
    await blocker`rollback`;
    blocker.release();
  };
  return { victim, finished, release };
}

describe("a charging run that is interrupted or overlapped", () => {
  it("leaves no partial run or statements when its backend is terminated half way, and a re-run completes", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 900n }));
    await giveTestCoupon(t.db, carol, bob, await issueTestCoupon(t.db, carol, { amountMinor: 100n }));
    const end = tomorrow();
    const run = await startBlockedRun(end);
    try {
      const [killed] = await t.sql<
        { terminated: boolean }[]
      >`select pg_terminate_backend(${run.victim}) as terminated`;
      expect(killed?.terminated).toBe(true);
      expect(await run.finished).not.toMatch(/committed/);
    } finally {
      await run.release();
    }
    const [left] = await t.db.execute<{ runs: number; statements: number }>(
      sql`select (select count(*)::int from charging_runs) as runs, (select count(*)::int from statements) as statements`,
    );
    expect(left).toEqual({ runs: 0, statements: 0 });
    const again = await runFor(end);
    expect(again).toMatchObject({ created: true, invoiceCount: 2, payoutCount: 0 });
    await expectLedgerClean(t.db);
  });

  it("sends postings committed while a run is in progress to the next run", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 900n }));
    const late = await issueTestCoupon(t.db, carol, { amountMinor: 250n });
    const end = tomorrow();
    const run = await startBlockedRun(end);
    try {
      // Carol's gift commits (created before the period end) while the run waits half way.
      await giveTestCoupon(t.db, carol, bob, late);
      await run.release();
      expect(await run.finished).toMatch(/committed/);
    } catch (error) {
      await run.release().catch(() => {});
      throw error;
    }
    const [first] = await t.db.execute<{ id: string }>(sql`select id from charging_runs`);
    expect(await statementsOf(first!.id)).toEqual([
      { partyId: alice.partyId, kind: "invoice", amountMinor: 900n },
    ]);
    const page = await getStatementsPage(t.db, actorOf(carol));
    expect(page.preview).toEqual([{ currency: "EUR", netMinor: 250n }]);
    await expectLedgerClean(t.db);
    const next = await runFor(new Date(end.getTime() + dayMs));
    expect(await statementsOf(next.runId)).toEqual([
      { partyId: carol.partyId, kind: "invoice", amountMinor: 250n },
    ]);
    await expectLedgerClean(t.db);
  });
});
