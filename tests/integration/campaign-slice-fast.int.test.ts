import { asc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import {
  campaignSlices,
  campaigns,
  couponEvents,
  coupons,
  notifications,
  postings,
  transfers,
} from "../../db/schema";
import { closeSignerPool } from "../../lib/campaigns/campaign-signer-pool";
import { campaignClaimCode } from "../../lib/campaigns/contract";
import {
  issueCampaignSliceFast,
  issueCampaignSliceWith,
} from "../../lib/campaigns/issue-campaign-slice-fast";
import { couponTokenOf } from "../../lib/coupons/get-coupon-token";
import type { CouponRow } from "../../lib/coupons/lock-coupon";
import { verifyCouponToken } from "../../lib/coupons/verify-coupon-token";
import { eventBody, eventHash, type JsonObject } from "../../lib/events/event-hash";
import { loadIssuerKeys } from "../../lib/keys/load-issuer-keys";
import { checkLedger } from "../../lib/ledger/check-ledger";
import { ensureLedgerAccounts } from "../../lib/ledger/ensure-ledger-accounts";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { hashClaimCode } from "../../lib/transfers/claim-code";
import { backendWaitingForLock, runScriptInChild } from "../support/blocked-child";
import { insertRunningCampaign } from "../support/campaign-fixtures";
import {
  actorOf,
  authorizeAccept,
  balanceOf,
  couponTestDatabaseForFile,
  createUsers,
} from "../support/coupon-fixtures";

const t = couponTestDatabaseForFile({ max: 8 });
afterAll(() => closeSignerPool());

async function expectLedgerClean(db: Db) {
  expect(await checkLedger(db)).toEqual([]);
}

async function campaignCounts(db: Db, campaignId: string) {
  const [row] = await db.execute<{ coupons: number; events: number; transfers: number; slices: number }>(sql`
    select (select count(*)::int from coupons where campaign_id = ${campaignId}) as coupons,
      (select count(*)::int from coupon_events e join coupons c on c.id = e.coupon_id where c.campaign_id = ${campaignId}) as events,
      (select count(*)::int from transfers r join coupons c on c.id = r.coupon_id where c.campaign_id = ${campaignId}) as transfers,
      (select count(*)::int from campaign_slices where campaign_id = ${campaignId}) as slices`);
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  return { ...row, issuedCount: campaign?.issuedCount };
}

describe("the fast campaign slice issuer", () => {
  it("issues claim-code coupons that verify, with chained events, hashed codes and the sponsor charged once", async () => {
    const [sponsor] = await createUsers(t.db, 1);
    if (!sponsor) throw new Error("no sponsor");
    const { campaignId, secret } = await insertRunningCampaign(t.db, {
      sponsorPartyId: sponsor.partyId,
      createdByUserId: sponsor.userId,
      kind: "claim_codes",
      couponCount: 700,
      amountMinor: 250n,
    });
    expect(await issueCampaignSliceFast(t.db, { campaignId, fromIndex: 0, toIndex: 300 })).toEqual({
      issued: 300,
    });
    expect(await issueCampaignSliceFast(t.db, { campaignId, fromIndex: 300, toIndex: 700 })).toEqual({
      issued: 400,
    });
    expect(await campaignCounts(t.db, campaignId)).toEqual({
      coupons: 700,
      events: 1400,
      transfers: 700,
      slices: 2,
      issuedCount: 700,
    });

    const keys = await loadIssuerKeys(t.db);
    const rows = (await t.db
      .select()
      .from(coupons)
      .where(eq(coupons.campaignId, campaignId))
      .orderBy(asc(coupons.campaignIndex))) as CouponRow[];
    expect(rows.map((row) => row.campaignIndex)).toEqual(Array.from({ length: 700 }, (_, i) => i));
    for (const row of rows) {
      expect(row).toMatchObject({
        amountMinor: 250n,
        requesterPartyId: sponsor.partyId,
        ownerPartyId: sponsor.partyId,
        version: 1,
        funded: true,
        status: "offered",
      });
      expect(row.issuedAt.getTime() % 1000).toBe(0);
      expect(verifyCouponToken(couponTokenOf(row), { keys }).status).toBe("valid");
    }

    const byCoupon = new Map(rows.map((row) => [row.id, row]));
    const transferRows = await t.db
      .select()
      .from(transfers)
      .where(sql`${transfers.couponId} in (select id from coupons where campaign_id = ${campaignId})`);
    for (const transfer of transferRows) {
      const coupon = byCoupon.get(transfer.couponId);
      expect(transfer).toMatchObject({
        status: "pending",
        couponVersion: 1,
        fromPartyId: sponsor.partyId,
        toPartyId: null,
        transferorAuthorization: { basis: "campaign", campaignId },
      });
      expect(transfer.expiresAt.getTime()).toBe(coupon?.expiresAt.getTime());
      expect(transfer.claimCodeHash).toBe(
        hashClaimCode(campaignClaimCode(secret as Buffer, campaignId, coupon?.campaignIndex ?? -1)),
      );
    }

    // Each chain: issued then offered, hashed exactly as append-coupon-event.ts hashes (recomputed here too).
    const events = await t.db
      .select()
      .from(couponEvents)
      .where(sql`${couponEvents.couponId} in (select id from coupons where campaign_id = ${campaignId})`)
      .orderBy(asc(couponEvents.couponId), asc(couponEvents.seq));
    for (let k = 0; k < events.length; k += 2) {
      const [issued, offered] = [events[k], events[k + 1]];
      if (!issued || !offered) throw new Error("missing event");
      expect([issued.kind, issued.seq, offered.kind, offered.seq]).toEqual(["issued", 1, "offered", 2]);
      expect(offered.prevHash).toBe(issued.hash);
      for (const event of [issued, offered]) {
        const body = eventBody({ ...event, data: event.data as JsonObject, at: event.createdAt });
        expect(eventHash(event.prevHash, event.seq, body)).toBe(event.hash);
      }
      expect(issued.data).toMatchObject({ campaignId, index: byCoupon.get(issued.couponId)?.campaignIndex });
    }

    // Charged exactly issued × value, once per slice, into issuer:outstanding.
    expect(await balanceOf(t.db, "party", sponsor.partyId)).toBe(700n * 250n);
    const fundings = await t.db.select().from(postings).where(eq(postings.kind, "campaign_funding"));
    const slices = await t.db.select().from(campaignSlices).where(eq(campaignSlices.campaignId, campaignId));
    expect(slices.map((s) => [s.fromIndex, s.toIndex]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual([
      [0, 300],
      [300, 700],
    ]);
    const ours = fundings.filter((p) => slices.some((s) => s.postingId === p.id));
    expect(ours.map((p) => p.amountMinor).sort()).toEqual([300n * 250n, 400n * 250n].sort());
    await expectLedgerClean(t.db);
  }, 60_000);

  it("offers a recipient campaign's coupons to its recipients, who are notified", async () => {
    const [sponsor, ...people] = await createUsers(t.db, 4);
    if (!sponsor) throw new Error("no sponsor");
    const recipients = Array.from({ length: 240 }, (_, i) => (people[i % people.length] ?? sponsor).partyId);
    const { campaignId } = await insertRunningCampaign(t.db, {
      sponsorPartyId: sponsor.partyId,
      kind: "recipients",
      couponCount: 240,
      recipients,
    });
    expect(await issueCampaignSliceFast(t.db, { campaignId, fromIndex: 0, toIndex: 240 })).toEqual({
      issued: 240,
    });
    const rows = await t.db
      .select({ index: coupons.campaignIndex, to: transfers.toPartyId, hash: transfers.claimCodeHash })
      .from(transfers)
      .innerJoin(coupons, eq(coupons.id, transfers.couponId))
      .where(eq(coupons.campaignId, campaignId))
      .orderBy(asc(coupons.campaignIndex));
    expect(rows.map((row) => row.to)).toEqual(recipients);
    expect(rows.every((row) => row.hash === null)).toBe(true);
    for (const person of people) {
      const told = await t.db
        .select()
        .from(notifications)
        .where(
          sql`${notifications.partyId} = ${person.partyId} and ${notifications.kind} = 'offer_received'`,
        );
      expect(told).toHaveLength(80);
    }
    await expectLedgerClean(t.db);
  }, 60_000);

  it("issues a range once when the same slice runs twice at the same time, and again afterwards", async () => {
    const [sponsor] = await createUsers(t.db, 1);
    if (!sponsor) throw new Error("no sponsor");
    const { campaignId } = await insertRunningCampaign(t.db, {
      sponsorPartyId: sponsor.partyId,
      kind: "claim_codes",
      couponCount: 400,
    });
    const range = { campaignId, fromIndex: 0, toIndex: 200 };
    const results = await Promise.all([
      issueCampaignSliceWith(t.db, range, { prepareAhead: false }),
      issueCampaignSliceWith(t.db, range, { prepareAhead: false }),
    ]);
    expect(results.map((r) => r.issued).sort()).toEqual([0, 200]);
    expect(await issueCampaignSliceFast(t.db, range)).toEqual({ issued: 0 });
    expect(await campaignCounts(t.db, campaignId)).toMatchObject({
      coupons: 200,
      slices: 1,
      issuedCount: 200,
    });
    expect(await balanceOf(t.db, "party", sponsor.partyId)).toBe(200n * 500n);

    // A paused campaign issues nothing.
    await t.db.update(campaigns).set({ status: "paused" }).where(eq(campaigns.id, campaignId));
    expect(await issueCampaignSliceFast(t.db, { campaignId, fromIndex: 200, toIndex: 400 })).toEqual({
      issued: 0,
    });
    expect(await campaignCounts(t.db, campaignId)).toMatchObject({ coupons: 200, issuedCount: 200 });
    await expectLedgerClean(t.db);
  }, 60_000);

  it("leaves nothing behind when the slice's transaction fails half way, and a re-run issues it", async () => {
    const [sponsor] = await createUsers(t.db, 1);
    if (!sponsor) throw new Error("no sponsor");
    const { campaignId } = await insertRunningCampaign(t.db, {
      sponsorPartyId: sponsor.partyId,
      kind: "claim_codes",
      couponCount: 300,
    });
    const range = { campaignId, fromIndex: 0, toIndex: 300 };
    const nothing = { coupons: 0, events: 0, transfers: 0, slices: 0, issuedCount: 0 };

    // An error after every row was copied.
    await expect(
      issueCampaignSliceWith(t.db, range, {
        afterStep: async (step) => {
          if (step === "events") throw new Error("forced failure after COPY");
        },
      }),
    ).rejects.toThrow("forced failure after COPY");
    expect(await campaignCounts(t.db, campaignId)).toEqual(nothing);

    // The connection killed after every COPY, while the funding posting waits for the sponsor's account (which
    // this test holds locked): the slice runs in a child process, like an app server.
    await ensureLedgerAccounts(t.db, "EUR", [sponsor.partyId]);
    const holder = await t.sql.reserve();
    try {
      await holder`begin`;
      await holder`select id from ledger_accounts where party_id = ${sponsor.partyId} for update`;
      const [self] = await holder<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const child = runScriptInChild("campaign-slice-in-child.ts", { url: t.url, ...range });
      const victim = await backendWaitingForLock(t.sql, self?.pid ?? 0, "the slice's funding posting");
      await t.sql`select pg_terminate_backend(${victim})`;
      expect(await child).toMatch(/^exit 3: failed/);
      await holder`rollback`;
    } finally {
      holder.release();
    }
    expect(await campaignCounts(t.db, campaignId)).toEqual(nothing);
    expect(await balanceOf(t.db, "party", sponsor.partyId)).toBe(0n);

    expect(await issueCampaignSliceFast(t.db, range)).toEqual({ issued: 300 });
    expect(await campaignCounts(t.db, campaignId)).toEqual({
      coupons: 300,
      events: 600,
      transfers: 300,
      slices: 1,
      issuedCount: 300,
    });
    expect(await balanceOf(t.db, "party", sponsor.partyId)).toBe(300n * 500n);
    await expectLedgerClean(t.db);
  }, 60_000);

  it("lets a person claim a coupon with its derived claim code, charging nobody again", async () => {
    const [sponsor, claimer] = await createUsers(t.db, 2);
    if (!sponsor || !claimer) throw new Error("no users");
    const { campaignId, secret } = await insertRunningCampaign(t.db, {
      sponsorPartyId: sponsor.partyId,
      kind: "claim_codes",
      couponCount: 50,
    });
    expect(await issueCampaignSliceFast(t.db, { campaignId, fromIndex: 0, toIndex: 50 })).toEqual({
      issued: 50,
    });
    const claimCode = campaignClaimCode(secret as Buffer, campaignId, 7);
    const [transfer] = await t.db
      .select()
      .from(transfers)
      .where(eq(transfers.claimCodeHash, hashClaimCode(claimCode)));
    if (!transfer) throw new Error("no transfer for the code");
    const sponsorBefore = await balanceOf(t.db, "party", sponsor.partyId);
    const authorization = await authorizeAccept(t.db, claimer, {
      transferId: transfer.id,
      couponId: transfer.couponId,
      version: 1,
    });
    const accepted = await acceptTransfer(t.db, actorOf(claimer), { claimCode, authorization });
    expect(accepted).toMatchObject({
      couponId: transfer.couponId,
      ownerPartyId: claimer.partyId,
      version: 2,
      funded: false,
    });
    const [coupon] = await t.db.select().from(coupons).where(eq(coupons.id, transfer.couponId));
    expect(coupon).toMatchObject({
      campaignIndex: 7,
      ownerPartyId: claimer.partyId,
      status: "active",
      version: 2,
    });
    expect(await balanceOf(t.db, "party", sponsor.partyId)).toBe(sponsorBefore);
    expect(await balanceOf(t.db, "party", claimer.partyId)).toBe(0n);
    await expectLedgerClean(t.db);
  }, 60_000);
});
