/**
 * A GET render never writes: the wallet's reads run inside a read-only transaction and change no row, even when
 * an offer is past its expiry (they show it as over); the expire-transfers job, on its short period, is what
 * closes such an offer and gives the coupon back.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { coupons, transfers } from "../../db/schema";
import { jobDefinitions } from "../../lib/jobs/job-definitions";
import { getTerminalSnapshot } from "../../lib/terminal/get-terminal-snapshot";
import { getCouponPage } from "../../lib/wallet/get-coupon-page";
import { getWalletHome } from "../../lib/wallet/get-wallet-home";
import { listOpenRequests } from "../../lib/wallet/list-open-requests";
import {
  actorOf,
  couponTestDatabaseForFile,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

const t = couponTestDatabaseForFile();

/** Alice offers Bob a coupon whose offer is already past its expiry (the job has not run). */
async function dueOffer() {
  const [alice, bob] = [await createTestUser(t.db), await createTestUser(t.db)];
  const coupon = await issueTestCoupon(t.db, alice);
  const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
  await t.db
    .update(transfers)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(transfers.id, offer.transferId));
  return { alice, bob, coupon, offer };
}

/** Rows this transaction inserted, updated or deleted so far (PostgreSQL's per-transaction statistics). */
async function changedRows(tx: Pick<typeof t.db, "execute">): Promise<number> {
  const [row] = await tx.execute<{ changed: string }>(sql`
    select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as changed from pg_stat_xact_user_tables`);
  return Number(row?.changed ?? 0);
}

const transferStatus = async (id: string) =>
  (await t.db.select({ status: transfers.status }).from(transfers).where(eq(transfers.id, id)))[0]?.status;

describe("wallet reads", () => {
  it("run in a read-only transaction and change no row, with an offer due for expiry", async () => {
    const { alice, bob, coupon, offer } = await dueOffer();
    const seen = await t.db.transaction(async (tx) => {
      // Any write in here fails with 25006 (read_only_sql_transaction).
      await tx.execute(sql`set transaction read only`);
      const before = await changedRows(tx);
      const home = await getWalletHome(tx, actorOf(bob));
      const giverHome = await getWalletHome(tx, actorOf(alice));
      const page = await getCouponPage(tx, actorOf(alice), { couponId: coupon.id });
      const requests = await listOpenRequests(tx, actorOf(bob));
      const terminal = await getTerminalSnapshot(tx, actorOf(bob));
      const giverTerminal = await getTerminalSnapshot(tx, actorOf(alice));
      return {
        home,
        giverHome,
        page,
        requests,
        terminal,
        giverTerminal,
        changed: (await changedRows(tx)) - before,
      };
    });
    expect(seen.changed).toBe(0);
    // The offer is over as far as anyone can see: not Bob's to accept, the coupon back with Alice.
    expect(seen.home.incomingOffers).toEqual([]);
    expect(seen.home.balances.every((balance) => balance.pendingInMinor === 0n)).toBe(true);
    expect(seen.page).toMatchObject({ status: "active", pendingTransfer: null, viewerIsOwner: true });
    expect(seen.requests).toEqual([]);
    expect(seen.terminal.incomingOffers).toEqual([]);
    expect(seen.giverTerminal.outgoingOffers).toEqual([]);
    expect(seen.giverTerminal.coupons).toEqual([
      expect.objectContaining({ id: coupon.id, status: "active" }),
    ]);
    expect(await transferStatus(offer.transferId)).toBe("pending");
  });

  it("the expire-transfers job runs at least every 30 seconds and closes due offers", async () => {
    const { alice, coupon, offer } = await dueOffer();
    const job = jobDefinitions({}).find((definition) => definition.name === "expire-transfers");
    expect(job?.everySeconds).toBeGreaterThanOrEqual(15);
    expect(job?.everySeconds).toBeLessThanOrEqual(30);
    const result = (await job?.run(t.db, {})) as { expired: number };
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(await transferStatus(offer.transferId)).toBe("expired");
    const [row] = await t.db
      .select({ status: coupons.status, owner: coupons.ownerPartyId })
      .from(coupons)
      .where(eq(coupons.id, coupon.id));
    expect(row).toEqual({ status: "active", owner: alice.partyId });
  });
});
