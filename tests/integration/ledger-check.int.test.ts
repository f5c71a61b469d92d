import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { splitCoupon } from "../../lib/coupons/split-coupon";
import { newId } from "../../lib/ids";
import { checkLedger, type LedgerViolation } from "../../lib/ledger/check-ledger";
import {
  actorOf,
  createUsers,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts } from "../support/shop-fixtures";

let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;
let funded: string;
let offered: string;
let child: string;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
  const a = await issueTestCoupon(t.db, alice, { amountMinor: 900n });
  await giveTestCoupon(t.db, alice, bob, a);
  funded = a.id;
  const b = await issueTestCoupon(t.db, alice);
  await offerTestCoupon(t.db, alice, b, { partyId: bob.partyId });
  offered = b.id;
  const c = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
  const split = await splitCoupon(t.db, actorOf(alice), {
    couponId: c.id,
    version: 1,
    amountsMinor: [700n, 300n],
  });
  child = split.children[0]!.id;
});
afterAll(async () => {
  await t?.destroy();
});

class Rollback extends Error {}

/** Applies a deliberate corruption with triggers and foreign keys off, checks the ledger, and rolls back. */
async function violationsAfter(corrupt: (tx: Tx) => Promise<unknown>): Promise<LedgerViolation[]> {
  let found: LedgerViolation[] = [];
  await t.db
    .transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await corrupt(tx);
      found = await checkLedger(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return found;
}

const invariantsOf = (violations: LedgerViolation[]) =>
  [...new Set(violations.map((v) => v.invariant))].sort();

describe("checkLedger", () => {
  it("finds nothing wrong with a ledger built by the domain functions", async () => {
    await expectLedgerClean(t.db);
  });

  it("accepts a child of an unfunded split that was funded by its own first transfer (found by the property test)", async () => {
    const parent = await issueTestCoupon(t.db, alice, { amountMinor: 500n });
    const { children } = await splitCoupon(t.db, actorOf(alice), {
      couponId: parent.id,
      version: 1,
      amountsMinor: [200n, 300n],
    });
    await giveTestCoupon(t.db, alice, bob, children[0]!);
    await expectLedgerClean(t.db);
  });

  it("invariant 1: a posting to an account that does not exist unbalances the currency", async () => {
    const violations = await violationsAfter((tx) =>
      tx.execute(sql`insert into postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id)
        select ${newId("posting")}, 'payout_sent', 'acc_missing', a.id, 5, 'EUR', null
        from ledger_accounts a where a.kind = 'issuer_settlement' and a.currency = 'EUR'`),
    );
    expect(invariantsOf(violations)).toContain(1);
    expect(violations.find((v) => v.invariant === 1)?.rows).toEqual([
      expect.objectContaining({ currency: "EUR" }),
    ]);
  });

  it("invariants 2 and 4: a funded coupon marked unfunded", async () => {
    const violations = await violationsAfter((tx) =>
      tx.execute(sql`update coupons set funded = false where id = ${funded}`),
    );
    expect(invariantsOf(violations)).toEqual([2, 4]);
    expect(violations.find((v) => v.invariant === 4)?.rows).toEqual([
      expect.objectContaining({ id: funded }),
    ]);
  });

  it("invariant 3: an offered coupon without its pending transfer, and a version that skipped", async () => {
    const lost = await violationsAfter((tx) =>
      tx.execute(sql`update transfers set status = 'cancelled' where coupon_id = ${offered}`),
    );
    expect(invariantsOf(lost)).toContain(3);
    const skipped = await violationsAfter((tx) =>
      tx.execute(sql`update coupons set version = 7 where id = ${funded}`),
    );
    expect(invariantsOf(skipped)).toEqual([3, 6]);
  });

  it("invariant 3: a gift of several coupons whose amount or status its transfers do not share", async () => {
    const groupOf = (amount: SQL, status: string) => async (tx: Tx) => {
      await tx.execute(sql`insert into transfer_groups (id, from_party_id, to_party_id, amount_minor, currency, status, expires_at)
        select 'tgr_AAAAAAAAAAAAAAAAAAAAAA', t.from_party_id, t.to_party_id, ${amount}, c.currency, ${status}::transfer_status, t.expires_at
        from transfers t join coupons c on c.id = t.coupon_id where t.coupon_id = ${offered} and t.status = 'pending'`);
      await tx.execute(
        sql`update transfers set group_id = 'tgr_AAAAAAAAAAAAAAAAAAAAAA' where coupon_id = ${offered}`,
      );
    };
    // Built right (one pending transfer, its coupon's value), a group is clean.
    expect(await violationsAfter(groupOf(sql`c.amount_minor`, "pending"))).toEqual([]);
    const short = await violationsAfter(groupOf(sql`c.amount_minor + 1`, "pending"));
    expect(invariantsOf(short)).toEqual([3]);
    expect(short[0]?.message).toMatch(/gift of several coupons/);
    const split = await violationsAfter(groupOf(sql`c.amount_minor`, "accepted"));
    expect(invariantsOf(split)).toEqual([3]);
  });

  it("invariant 4: split children that no longer sum to the parent", async () => {
    const violations = await violationsAfter((tx) =>
      tx.execute(sql`update coupons set amount_minor = 701 where id = ${child}`),
    );
    expect(invariantsOf(violations)).toEqual([4]);
  });

  it("invariant 4: a change link on a coupon that is not its buyer's split piece beside the order's payment", async () => {
    const merchant = (await createUsers(t.db, 1))[0] as TestUser;
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 400n }]);
    const paying = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
    const order = await checkoutWith(t.db, alice, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [paying.id],
    });
    const [change] = order.changeCouponIds;
    await expectLedgerClean(t.db);
    // A piece of a split that paid nothing: not the change of this order.
    const unrelated = await violationsAfter((tx) =>
      tx.execute(sql`update coupons set change_order_id = ${order.orderId} where id = ${child}`),
    );
    expect(unrelated).toEqual([
      expect.objectContaining({ invariant: 4, rows: [expect.objectContaining({ id: child })] }),
    ]);
    // The change of this order pointed at another order it did not come from.
    const other = await checkoutWith(t.db, alice, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [change as string],
    });
    const moved = await violationsAfter((tx) =>
      tx.execute(sql`update coupons set change_order_id = ${other.orderId} where id = ${change}`),
    );
    expect(invariantsOf(moved)).toEqual([4]);
    // The change's amount no longer adds up with the paying piece to the coupon it was split from.
    const grown = await violationsAfter((tx) =>
      tx.execute(sql`update coupons set amount_minor = amount_minor + 1 where id = ${change}`),
    );
    expect(grown.filter((v) => v.invariant === 4)).toHaveLength(2);
  });

  it("invariant 5: a statement whose total differs from the postings its run billed", async () => {
    // The run is snapshotted after every posting so far was written, so it billed them all, alice's 900 among
    // them; her statement says 901.
    const statementId = newId("statement");
    const violations = await violationsAfter(async (tx) => {
      const runId = newId("chargingRun");
      await tx.execute(sql`insert into charging_runs (id, period_start, period_end)
        values (${runId}, now() - interval '1 day', now() + interval '1 day')`);
      await tx.execute(sql`insert into statements (id, run_id, party_id, currency, kind, amount_minor, due_at)
        values (${statementId}, ${runId}, ${alice.partyId}, 'EUR', 'invoice', 901, now() + interval '14 days')`);
    });
    expect(invariantsOf(violations)).toEqual([5]);
    expect(violations[0]?.rows).toContainEqual(
      expect.objectContaining({ id: statementId, amount_minor: "901" }),
    );
  });

  it("invariant 5: a run whose snapshot goes back behind an earlier run's, so both would bill a posting", async () => {
    const violations = await violationsAfter(async (tx) => {
      await tx.execute(sql`insert into charging_runs (id, period_start, period_end, snapshot_xmin)
        values (${newId("chargingRun")}, '2001-01-01', '2001-02-01', pg_snapshot_xmin(pg_current_snapshot())),
          (${newId("chargingRun")}, '2001-02-01', '2001-03-01', '1')`);
    });
    expect(invariantsOf(violations)).toEqual([5]);
  });

  it("invariant 6: an edited event, a broken chain link, and a history that ends elsewhere", async () => {
    const edited = await violationsAfter((tx) =>
      tx.execute(
        sql`update coupon_events set data = '{"forged": true}' where coupon_id = ${funded} and seq = 1`,
      ),
    );
    expect(edited).toEqual([
      expect.objectContaining({
        invariant: 6,
        rows: [expect.objectContaining({ coupon_id: funded, seq: 1 })],
      }),
    ]);
    const unlinked = await violationsAfter((tx) =>
      tx.execute(
        sql`update coupon_events set prev_hash = repeat('0', 64) where coupon_id = ${funded} and seq = 2`,
      ),
    );
    expect(invariantsOf(unlinked)).toEqual([6]);
    const truncated = await violationsAfter((tx) =>
      tx.execute(sql`delete from coupon_events where coupon_id = ${offered} and kind = 'offered'`),
    );
    expect(invariantsOf(truncated)).toEqual([6]);
  });

  it("npm run ledger:check exits 0 on a clean ledger and 1 with the violation on a corrupted one", async () => {
    const run = (url: string) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/ledger-check.ts"], {
        env: { ...process.env, DATABASE_URL: url },
      }).then(
        (result) => ({ code: 0, ...result }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const clean = await run(t.url);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/every invariant/);
    const broken = await createTestDatabase();
    try {
      setupCouponEnvironment();
      const [carol] = await createUsers(broken.db, 1);
      const coupon = await issueTestCoupon(broken.db, carol!);
      await broken.sql.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`update coupons set version = 3 where id = ${coupon.id}`;
      });
      const result = await run(broken.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Invariant 3/);
      expect(result.stderr).toContain(coupon.id);
    } finally {
      await broken.destroy();
    }
  });

  it("is clean again after every corruption was rolled back", async () => {
    await expectLedgerClean(t.db);
  });
});
