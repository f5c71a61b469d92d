/**
 * Sponsored campaigns (#19 part 2): a sponsor's bulk issuance of prepaid coupons, as directed offers to a list
 * of people or as one-time claim codes; checked lists, credit and approval, pause/resume/cancel, crash safety.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaigns, coupons, postings, statements, transfers } from "../../db/schema";
import { type Actor, systemActor } from "../../lib/auth/actor";
import { getRelyingParty } from "../../lib/auth/webauthn-config";
import { approveCampaign } from "../../lib/campaigns/approve-campaign";
import { readManagedCampaign } from "../../lib/campaigns/campaign-access";
import { campaignDecisionOperation } from "../../lib/campaigns/campaign-terms";
import { cancelCampaign } from "../../lib/campaigns/cancel-campaign";
import { type CampaignInput, createCampaign, prepareCampaign } from "../../lib/campaigns/create-campaign";
import {
  issueCampaignSliceFast as issueCampaignSlice,
  issueCampaignSliceWith,
} from "../../lib/campaigns/issue-campaign-slice-fast";
import { pauseCampaign } from "../../lib/campaigns/pause-campaign";
import { rejectCampaign } from "../../lib/campaigns/reject-campaign";
import { revealCampaignCodes } from "../../lib/campaigns/reveal-campaign-codes";
import { runCampaign } from "../../lib/campaigns/run-campaign";
import { resumeCampaign, startCampaign } from "../../lib/campaigns/start-campaign";
import { runCharging } from "../../lib/charging/run-charging";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { checkLedger } from "../../lib/ledger/check-ledger";
import { setCreditLimit } from "../../lib/parties/set-credit-limit";
import { getOfferEvidence } from "../../lib/terminal/get-offer-evidence";
import { verifyOfferInTerminal } from "../../lib/terminal/verify-terminal";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { hashClaimCode } from "../../lib/transfers/claim-code";
import { getWalletOverview } from "../../lib/wallet/get-wallet-overview";
import {
  actorOf,
  authorize,
  authorizeAccept,
  balanceOf,
  couponTestDatabaseForFile,
  createUsers,
  expectAppError,
  expectLedgerClean,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { createShopWithProducts, memberActor } from "../support/shop-fixtures";
import { setPartyStatus } from "../support/suspension-fixtures";

const t = couponTestDatabaseForFile({ max: 8 });
const noQueue = async () => {};

async function newShop() {
  const owner = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, owner, []);
  const [row] = await t.db.execute<{ party_id: string }>(
    sql`select party_id from shops where id = ${shop.shopId}`,
  );
  return { owner, ...shop, partyId: (row as { party_id: string }).party_id, actor: shop.ownerActor };
}

/** Checks, signs with `user`'s passkey and creates a campaign, as the pages do. */
async function create(user: TestUser, actor: Actor, input: CampaignInput) {
  const prepared = await prepareCampaign(t.db, actor, input);
  const authorization = await authorize(t.db, user, prepared.operation);
  return createCampaign(t.db, actor, { ...input, campaignId: prepared.campaignId, authorization });
}

const codes = (shopId: string, count: number, amount = "5.00") =>
  ({
    shopId,
    name: "Spring vouchers",
    amount,
    currency: "EUR",
    expiresInDays: 30,
    kind: "claim_codes",
    count,
  }) as const;

async function startAndRun(
  actor: Actor,
  campaignId: string,
  options: { sliceSize?: number; maxSlices?: number } = {},
) {
  await startCampaign(t.db, actor, { campaignId }, noQueue);
  return runCampaign(t.db, campaignId, { sliceSize: 5, ...options });
}

const campaignRow = async (id: string) =>
  (await t.db.select().from(campaigns).where(eq(campaigns.id, id)))[0] as typeof campaigns.$inferSelect;
const couponCount = async (id: string) =>
  (await t.db.select({ id: coupons.id }).from(coupons).where(eq(coupons.campaignId, id))).length;

describe("creating a campaign", () => {
  it("checks every handle of a list first and creates nothing when one is wrong, naming the lines", async () => {
    const shop = await newShop();
    const [ann, bob] = await createUsers(t.db, 2);
    await setPartyStatus(t.db, (bob as TestUser).partyId, "suspended");
    const before = (await t.db.select({ id: campaigns.id }).from(campaigns)).length;
    const csv = `handle\n${ann?.handle}\nnobody_here_at_all\n@${ann?.handle}\n${bob?.handle}\nnot a handle!\n`;
    const input = {
      shopId: shop.shopId,
      name: "Gifts",
      amount: "2.00",
      currency: "EUR",
      expiresInDays: 10,
      kind: "recipients",
      csv,
    };
    const error = (await prepareCampaign(t.db, shop.actor, input).then(
      () => null,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain("Line 3: there is no account @nobody_here_at_all.");
    expect(error.message).toContain(`Line 4: @${ann?.handle} is already on line 2.`);
    expect(error.message).toContain(`Line 5: @${bob?.handle} is suspended`);
    expect(error.message).toContain("Line 6: this is not a handle");
    await expectAppError(
      createCampaign(t.db, shop.actor, {
        ...input,
        campaignId: "cmp_aaaaaaaaaaaaaaaaaaaaaa",
        authorization: {},
      }),
      "VALIDATION_FAILED",
    );
    expect((await t.db.select({ id: campaigns.id }).from(campaigns)).length).toBe(before);
  });

  it("counts the unissued remainder of unfinished campaigns against the sponsor's credit", async () => {
    const shop = await newShop();
    const [admin] = await createUsers(t.db, 1);
    const adminActor = actorOf(admin as TestUser, { isAdmin: true });
    await setCreditLimit(t.db, adminActor, {
      partyId: shop.partyId,
      currency: "EUR",
      limitMinor: 10_000n,
      reason: "test",
    });
    const first = await create(shop.owner, shop.actor, codes(shop.shopId, 12)); // €60 of €100
    expect(first.status).toBe("queued");
    await expectAppError(create(shop.owner, shop.actor, codes(shop.shopId, 12)), "CREDIT_LIMIT_EXCEEDED");
    // Issued or not, the first campaign's €60 stays in use; cancelling it before any issue frees it.
    const authorization = await authorize(
      t.db,
      shop.owner,
      campaignDecisionOperation("campaign.cancel", first.campaignId),
    );
    await cancelCampaign(t.db, shop.actor, { campaignId: first.campaignId, authorization });
    expect((await create(shop.owner, shop.actor, codes(shop.shopId, 12))).status).toBe("queued");
  });

  it("refuses a suspended sponsor, a shop's staff, and another shop's owner", async () => {
    const shop = await newShop();
    const other = await newShop();
    const staff = await createTestUser(t.db);
    await expectAppError(
      create(staff, memberActor(staff, { [shop.shopId]: "staff" }), codes(shop.shopId, 3)),
      "FORBIDDEN",
    );
    await expectAppError(create(other.owner, other.actor, codes(shop.shopId, 3)), "FORBIDDEN");
    await setPartyStatus(t.db, shop.partyId, "suspended");
    const prepared = await prepareCampaign(t.db, shop.actor, codes(shop.shopId, 3));
    const authorization = await authorize(t.db, shop.owner, prepared.operation);
    await expectAppError(
      createCampaign(t.db, shop.actor, {
        ...codes(shop.shopId, 3),
        campaignId: prepared.campaignId,
        authorization,
      }),
      "ACCOUNT_SUSPENDED",
    );
  });

  it("above the approval threshold waits for another admin, who approves or refuses it with a passkey", async () => {
    const shop = await newShop();
    const [admin, creatorAdmin] = await createUsers(t.db, 2);
    const adminActor = actorOf(admin as TestUser, { isAdmin: true });
    const big = await create(shop.owner, shop.actor, codes(shop.shopId, 50)); // €250 > €200
    expect(big.status).toBe("awaiting_approval");
    await expectAppError(
      startCampaign(t.db, shop.actor, { campaignId: big.campaignId }, noQueue),
      "CONFLICT",
    );
    await expectAppError(
      approveCampaign(t.db, shop.actor, { campaignId: big.campaignId, authorization: {} }),
      "FORBIDDEN",
    );
    const authorization = await authorize(
      t.db,
      admin as TestUser,
      campaignDecisionOperation("campaign.approve", big.campaignId),
    );
    await approveCampaign(t.db, adminActor, { campaignId: big.campaignId, authorization });
    expect((await campaignRow(big.campaignId)).status).toBe("queued");
    // An admin's own campaign (for a person) needs another admin; refusing it frees nothing twice.
    const creator = actorOf(creatorAdmin as TestUser, { isAdmin: true });
    const [person] = await createUsers(t.db, 1);
    const own = await create(creatorAdmin as TestUser, creator, {
      sponsor: (person as TestUser).handle,
      name: "City vouchers",
      amount: "50.00",
      currency: "EUR",
      expiresInDays: 30,
      kind: "claim_codes",
      count: 5,
    });
    expect(own.status).toBe("awaiting_approval");
    const selfApproval = await authorize(
      t.db,
      creatorAdmin as TestUser,
      campaignDecisionOperation("campaign.approve", own.campaignId),
    );
    await expectAppError(
      approveCampaign(t.db, creator, { campaignId: own.campaignId, authorization: selfApproval }),
      "FORBIDDEN",
    );
    await rejectCampaign(t.db, adminActor, { campaignId: own.campaignId, reason: "Not this month." });
    expect((await campaignRow(own.campaignId)).status).toBe("rejected");
  });
});

describe("running a campaign", () => {
  it("issues every coupon once, prepaid by the sponsor slice by slice, each a real coupon", async () => {
    const shop = await newShop();
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 12));
    const result = await startAndRun(shop.actor, campaignId);
    expect(result).toEqual({ issued: 12, status: "completed" });
    expect(await couponCount(campaignId)).toBe(12);
    const slices = await t.db.execute(
      sql`select from_index, to_index from campaign_slices where campaign_id = ${campaignId} order by from_index`,
    );
    expect(slices.map((s) => [s.from_index, s.to_index])).toEqual([
      [0, 5],
      [5, 10],
      [10, 12],
    ]);
    expect(await balanceOf(t.db, "party", shop.partyId)).toBe(6_000n);
    const [coupon] = await t.db.select().from(coupons).where(eq(coupons.campaignId, campaignId)).limit(1);
    expect(await verifyCouponHistory(t.db, (coupon as { id: string }).id)).toEqual({
      ok: true,
      problems: [],
    });
    await expectLedgerClean(t.db);
  });

  it("pauses after the slice being written and resumes where it stopped", async () => {
    const shop = await newShop();
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 12));
    expect(await startAndRun(shop.actor, campaignId, { maxSlices: 1 })).toEqual({
      issued: 5,
      status: "running",
    });
    await pauseCampaign(t.db, shop.actor, { campaignId });
    expect(await runCampaign(t.db, campaignId, { sliceSize: 5 })).toEqual({ issued: 0, status: "paused" });
    expect(await couponCount(campaignId)).toBe(5);
    await resumeCampaign(t.db, shop.actor, { campaignId }, noQueue);
    expect(await runCampaign(t.db, campaignId, { sliceSize: 5 })).toEqual({ issued: 7, status: "completed" });
    expect(await couponCount(campaignId)).toBe(12);
    await expectLedgerClean(t.db);
  });

  it("cancelled half way, charges the sponsor exactly the coupons issued and issues no more", async () => {
    const shop = await newShop();
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 12, "3.00"));
    await startAndRun(shop.actor, campaignId, { maxSlices: 2 });
    const authorization = await authorize(
      t.db,
      shop.owner,
      campaignDecisionOperation("campaign.cancel", campaignId),
    );
    await cancelCampaign(t.db, shop.actor, { campaignId, authorization });
    expect(await runCampaign(t.db, campaignId, { sliceSize: 5 })).toEqual({ issued: 0, status: "cancelled" });
    expect(await couponCount(campaignId)).toBe(10);
    expect(await balanceOf(t.db, "party", shop.partyId)).toBe(10n * 300n);
    // The coupons already issued stay offered.
    const offered = await t.db
      .select({ id: transfers.id })
      .from(transfers)
      .innerJoin(coupons, eq(coupons.id, transfers.couponId))
      .where(and(eq(coupons.campaignId, campaignId), eq(transfers.status, "pending")));
    expect(offered).toHaveLength(10);
    await expectLedgerClean(t.db);
  });

  it("after a slice is killed half way, running again issues each index exactly once", async () => {
    const shop = await newShop();
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 12));
    await startCampaign(t.db, shop.actor, { campaignId }, noQueue);
    // The worker dies inside the slice's transaction, after writing everything but before the commit.
    await expect(
      issueCampaignSliceWith(
        t.db,
        { campaignId, fromIndex: 0, toIndex: 5 },
        {
          afterStep: async (step) => {
            if (step === "events") throw new Error("killed");
          },
        },
      ),
    ).rejects.toThrow("killed");
    expect((await campaignRow(campaignId)).issuedCount).toBe(0);
    expect(await couponCount(campaignId)).toBe(0);
    // Two workers pick it up again at once.
    const runs = await Promise.all([
      runCampaign(t.db, campaignId, { sliceSize: 5 }),
      runCampaign(t.db, campaignId, { sliceSize: 5 }),
    ]);
    expect(runs[0].issued + runs[1].issued).toBe(12);
    expect(await couponCount(campaignId)).toBe(12);
    // A stale slice (another run already moved past it) writes nothing.
    expect(await issueCampaignSlice(t.db, { campaignId, fromIndex: 0, toIndex: 5 })).toEqual({ issued: 0 });
    expect(await balanceOf(t.db, "party", shop.partyId)).toBe(6_000n);
    await expectLedgerClean(t.db);
  });
});

describe("receiving a campaign's coupon", () => {
  it("a recipient accepts the offer without anybody being charged again", async () => {
    const shop = await newShop();
    const people = await createUsers(t.db, 3);
    const csv = people.map((p) => p.handle).join("\n");
    const { campaignId } = await create(shop.owner, shop.actor, {
      shopId: shop.shopId,
      name: "Thank you",
      amount: "4.00",
      currency: "EUR",
      expiresInDays: 7,
      kind: "recipients",
      csv,
    });
    await startAndRun(shop.actor, campaignId);
    const ann = people[1] as TestUser;
    const [offer] = await t.db
      .select({
        transferId: transfers.id,
        couponId: transfers.couponId,
        version: transfers.couponVersion,
        index: coupons.campaignIndex,
      })
      .from(transfers)
      .innerJoin(coupons, eq(coupons.id, transfers.couponId))
      .where(and(eq(coupons.campaignId, campaignId), eq(transfers.toPartyId, ann.partyId)));
    expect(offer?.index).toBe(1);
    const o = offer as { transferId: string; couponId: string; version: number };
    const result = await acceptTransfer(t.db, actorOf(ann), {
      transferId: o.transferId,
      authorization: await authorizeAccept(t.db, ann, o),
    });
    expect(result.funded).toBe(false);
    const funding = await t.db
      .select({ id: postings.id })
      .from(postings)
      .where(eq(postings.couponId, o.couponId));
    expect(funding).toHaveLength(0);
    expect(await balanceOf(t.db, "party", shop.partyId)).toBe(1_200n);
    expect(await verifyCouponHistory(t.db, o.couponId)).toEqual({ ok: true, problems: [] });
    await expectLedgerClean(t.db);
  });

  it("a claim code from the sponsor's list claims its coupon once", async () => {
    const shop = await newShop();
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 4));
    await startAndRun(shop.actor, campaignId);
    await expectAppError(
      revealCampaignCodes(t.db, shop.actor, { campaignId, authorization: {} }),
      "STEP_UP_INVALID",
    );
    const authorization = await authorize(
      t.db,
      shop.owner,
      campaignDecisionOperation("campaign.codes", campaignId),
    );
    const revealed = await revealCampaignCodes(t.db, shop.actor, { campaignId, authorization });
    const listed = [...revealed.codes()];
    expect(listed.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    const code = (listed[2] as { code: string }).code;
    const [ann, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const [transfer] = await t.db
      .select()
      .from(transfers)
      .where(eq(transfers.claimCodeHash, hashClaimCode(code)));
    const offer = {
      transferId: (transfer as { id: string }).id,
      couponId: (transfer as { couponId: string }).couponId,
      version: 1,
    };
    // The claimant's device checks the offer itself: the campaign's recorded passkey assertion covers it.
    const evidence = await getOfferEvidence(t.db, actorOf(ann), { claimCode: code });
    expect(evidence.offers).toHaveLength(1);
    const verdict = await verifyOfferInTerminal(
      evidence.offers[0] as (typeof evidence.offers)[number],
      evidence.jwks,
      new Date(),
      { open: true },
      getRelyingParty(),
    );
    expect(verdict.checks.filter((check) => !check.ok)).toEqual([]);
    const claimed = await acceptTransfer(t.db, actorOf(ann), {
      claimCode: code,
      authorization: await authorizeAccept(t.db, ann, offer),
    });
    expect(claimed).toMatchObject({ couponId: offer.couponId, ownerPartyId: ann.partyId, funded: false });
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), {
        claimCode: code,
        authorization: await authorizeAccept(t.db, bob, offer),
      }),
      "TRANSFER_NOT_PENDING",
    );
    await expectLedgerClean(t.db);
  });
});

describe("who may see and run a campaign", () => {
  it("another shop's owner cannot see or pause it; an admin can; staff cannot create", async () => {
    const shop = await newShop();
    const other = await newShop();
    const [admin] = await createUsers(t.db, 1);
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 6));
    await startAndRun(shop.actor, campaignId, { maxSlices: 0 });
    await expectAppError(readManagedCampaign(t.db, other.actor, campaignId), "NOT_FOUND");
    await expectAppError(pauseCampaign(t.db, other.actor, { campaignId }), "NOT_FOUND");
    const staff = memberActor(other.owner, { [shop.shopId]: "staff" });
    await expectAppError(pauseCampaign(t.db, staff, { campaignId }), "NOT_FOUND");
    await pauseCampaign(t.db, actorOf(admin as TestUser, { isAdmin: true }), { campaignId });
    expect((await campaignRow(campaignId)).status).toBe("paused");
  });
});

describe("the ledger check and charging", () => {
  it("finds campaign coupons beyond the issued count and slices that do not add up", async () => {
    const shop = await newShop();
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 6));
    await startAndRun(shop.actor, campaignId);
    await expectLedgerClean(t.db);
    await t.db.update(campaigns).set({ issuedCount: 5 }).where(eq(campaigns.id, campaignId));
    const messages = (await checkLedger(t.db)).map((v) => v.message);
    expect(messages).toContain("a campaign's slices are not contiguous from 0 to its issued count");
    expect(messages).toContain(
      "a campaign's coupons are not exactly one funded coupon of its value per issued index, requested by its sponsor, with no funding of their own",
    );
    await t.db.update(campaigns).set({ issuedCount: 6 }).where(eq(campaigns.id, campaignId));
    await expectLedgerClean(t.db);
  });

  it("a charging run invoices the sponsor for the coupons its campaigns issued", async () => {
    const shop = await newShop();
    const { campaignId } = await create(shop.owner, shop.actor, codes(shop.shopId, 7, "2.50"));
    await startAndRun(shop.actor, campaignId);
    await runCharging(t.db, { actor: systemActor("test"), periodEnd: "now", trigger: "system" });
    const [invoice] = await t.db
      .select({ amountMinor: statements.amountMinor, kind: statements.kind })
      .from(statements)
      .where(eq(statements.partyId, shop.partyId));
    expect(invoice).toEqual({ amountMinor: 1_750n, kind: "invoice" });
    await expectLedgerClean(t.db);
  });
});

describe("the recipient's wallet", () => {
  it("shows a campaign's offer with the sponsor and the campaign's name", async () => {
    const shop = await newShop();
    const [ann] = (await createUsers(t.db, 1)) as [TestUser];
    const { campaignId } = await create(shop.owner, shop.actor, {
      shopId: shop.shopId,
      name: "Spring vouchers",
      amount: "1.50",
      currency: "EUR",
      expiresInDays: 7,
      kind: "recipients",
      csv: `@${ann.handle}\n`,
    });
    await startAndRun(shop.actor, campaignId);
    const overview = await getWalletOverview(t.db, ann.partyId);
    expect(overview.incomingOffers).toMatchObject([
      { amountMinor: 150n, fromDisplayName: expect.stringContaining("(Spring vouchers)") },
    ]);
  });
});
