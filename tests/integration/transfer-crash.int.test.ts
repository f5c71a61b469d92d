import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { backendWaitingForLock, runScriptInChild } from "../support/blocked-child";
import {
  actorOf,
  authorizeAccept,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
});
afterAll(async () => {
  await t?.destroy();
});

/**
 * Starts an accept while another connection holds a lock it needs (taken by `lock`), terminates the accept's
 * backend while it waits mid-transaction, and returns what the accept saw.
 */
async function acceptKilledWhileBlocked(lock: (blocker: import("postgres").ReservedSql) => Promise<unknown>) {
  const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 4200n });
  const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
  const authorization = await authorizeAccept(t.db, bob, offer);
  const before = await snapshotCouponData(t.db);
  const blocker = await t.sql.reserve();
  try {
    await blocker`begin`;
    await lock(blocker);
    const [blockerRow] = await blocker<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const blockerPid = blockerRow!.pid;
    // The accept runs in its own process, like an app server would, so the driver's reaction to losing its
    // connection cannot disturb this test process.
    const accepting = runScriptInChild("accept-in-child.ts", {
      url: t.url,
      actor: actorOf(bob),
      transferId: offer.transferId,
      authorization,
    });
    // A transaction that lost its connection before COMMIT is retried on a new one (db/in-transaction.ts, a
    // bounded number of times): each attempt that blocks on the same lock is terminated in turn, until the accept
    // gives up and reports the database unreachable.
    let finished = false;
    const outcomeOf = accepting.then((outcome) => {
      finished = true;
      return outcome;
    });
    // Each attempt's backend counted once: a terminated backend may still show as waiting for a moment.
    const terminated: number[] = [];
    let kills = 0;
    while (!finished && kills < 5) {
      const victim = await Promise.race([
        backendWaitingForLock(t.sql, blockerPid, "the accept", terminated).catch(() => null),
        outcomeOf.then(() => null),
      ]);
      if (victim === null) break;
      const [killed] = await t.sql<
        { terminated: boolean }[]
      >`select pg_terminate_backend(${victim}) as terminated`;
      expect(killed?.terminated).toBe(true);
      terminated.push(victim);
      kills += 1;
    }
    const outcome = await outcomeOf;
    // At most three attempts (db/in-transaction.ts), each of which died mid-transaction.
    expect(kills).toBeGreaterThanOrEqual(1);
    expect(kills).toBeLessThanOrEqual(3);
    await blocker`rollback`;
    return { coupon, offer, before, outcome };
  } finally {
    blocker.release();
  }
}

async function expectNoneOfTheChange(run: Awaited<ReturnType<typeof acceptKilledWhileBlocked>>) {
  expect(run.outcome).not.toMatch(/committed/);
  expect(run.outcome).toMatch(/not reachable at the moment/);
  // None of it: owner, version, status, funding, transfer, events, postings, the spent challenge's passkey counter.
  expect(await snapshotCouponData(t.db)).toEqual(run.before);
  const [row] = await t.db.select().from(coupons).where(eq(coupons.id, run.coupon.id));
  expect(row).toMatchObject({ ownerPartyId: alice.partyId, version: 1, status: "offered", funded: false });
  // A later accept, with a fresh assertion, goes through in full.
  const accepted = await acceptTransfer(t.db, actorOf(bob), {
    transferId: run.offer.transferId,
    authorization: await authorizeAccept(t.db, bob, run.offer),
  });
  expect(accepted).toMatchObject({ ownerPartyId: bob.partyId, version: 2, funded: true });
  const [transfer] = await t.db
    .select()
    .from(transfers)
    .where(and(eq(transfers.id, run.offer.transferId), eq(transfers.status, "accepted")));
  expect(transfer?.acceptedByPartyId).toBe(bob.partyId);
  expect(await verifyCouponHistory(t.db, run.coupon.id)).toEqual({ ok: true, problems: [] });
}

describe("an accept whose backend is terminated mid-transaction", () => {
  it("leaves nothing behind when killed after verifying the passkey, waiting on the transfer row", async () => {
    const run = await acceptKilledWhileBlocked(async (blocker) => {
      // The accept reads the transfer without locking it, verifies the passkey (spending the challenge and
      // moving the counter inside its transaction), then blocks on the guarded update of this row.
      const [pending] = await t.db
        .select({ id: transfers.id })
        .from(transfers)
        .where(eq(transfers.status, "pending"));
      return blocker`select id from transfers where id = ${pending!.id} for update`;
    });
    await expectNoneOfTheChange(run);
  });

  it("leaves nothing behind when killed after the coupon and transfer rows were already updated", async () => {
    const run = await acceptKilledWhileBlocked(
      (blocker) =>
        // The funding posting's foreign-key check needs the requester's account row: the accept's single write
        // statement has changed the owner, version and transfer by the time it blocks here.
        blocker`select id from ledger_accounts where party_id = ${alice.partyId} for update`,
    );
    await expectNoneOfTheChange(run);
  });

  it("ends with a clean ledger", async () => {
    const [row] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from postings where kind = 'funding'`,
    );
    expect(row?.n).toBe(2);
    await expectLedgerClean(t.db);
  });
});
