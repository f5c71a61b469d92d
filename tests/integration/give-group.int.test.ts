import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { coupons, transferGroups, transfers } from "../../db/schema";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { listNotifications } from "../../lib/notifications/list-notifications";
import { acceptTransferGroup, beginAcceptGroup, type GiftRef } from "../../lib/transfers/accept-group";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { beginGive } from "../../lib/transfers/begin-give";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { turnDownGroup } from "../../lib/transfers/close-group";
import { declineTransfer } from "../../lib/transfers/decline-transfer";
import { expireTransfers } from "../../lib/transfers/expire-transfers";
import { giveGroup } from "../../lib/transfers/give-group";
import { getWalletHome } from "../../lib/wallet/get-wallet-home";
import { verifyOffer } from "../../lib/wallet/verify-offer";
import {
  actorOf,
  authorizeAccept,
  balanceOf,
  couponTestDatabaseForFile,
  createUsers,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

const t = couponTestDatabaseForFile({ max: 20 });
const day = 86_400;

/** What the wallet does: the checks and the challenge from one of the giver's coupons, then their passkey. */
async function draftGift(giver: TestUser, coupon: { id: string }, amount: string, to: TestUser | null) {
  const draft = await beginGive(t.db, actorOf(giver), {
    couponId: coupon.id,
    amount,
    currency: "EUR",
    recipientPartyId: to?.partyId ?? null,
    validitySeconds: day,
    ip: null,
  });
  const authorization = await giver.authenticator.createAssertion(draft.options.challenge);
  return { draft, authorization };
}

function submit(
  giver: TestUser,
  gift: Awaited<ReturnType<typeof draftGift>>,
  change: Record<string, unknown> = {},
) {
  const { draft, authorization } = gift;
  if (!draft.group) throw new Error("expected a gift of several coupons");
  return giveGroup(t.db, actorOf(giver), {
    couponIds: draft.group.couponIds,
    versions: draft.group.versions,
    giveMinor: draft.giveMinor,
    currency: draft.currency,
    recipient: draft.recipientPartyId ? { partyId: draft.recipientPartyId } : { open: true },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: draft.claimCodeHash,
    authorization,
    ...change,
  });
}

/** The receiver's one passkey over the whole gift, then the accept. */
async function accept(receiver: TestUser, ref: GiftRef) {
  const options = await beginAcceptGroup(t.db, actorOf(receiver), { ...ref, ip: null });
  const authorization = await receiver.authenticator.createAssertion(options.challenge);
  return acceptTransferGroup(t.db, actorOf(receiver), { ...ref, authorization });
}

/** A giver with two €20 coupons who gives €35 of them to `to` (or as a claim link). */
async function give35(to: TestUser | null, giver?: TestUser) {
  const a = giver ?? ((await createUsers(t.db, 1))[0] as TestUser);
  const first = await issueTestCoupon(t.db, a, { amountMinor: 2000n });
  const second = await issueTestCoupon(t.db, a, { amountMinor: 2000n });
  const gift = await draftGift(a, first, "35", to);
  const result = await submit(a, gift);
  return { a, first, second, gift, result };
}

const groupRow = async (id: string) =>
  (await t.db.select().from(transferGroups).where(eq(transferGroups.id, id)))[0];
const groupTransfers = (groupId: string) =>
  t.db.select().from(transfers).where(eq(transfers.groupId, groupId));
const couponsOf = (ids: string[]) => t.db.select().from(coupons).where(inArray(coupons.id, ids));
const heldBy = async (partyId: string) => {
  const rows = await t.db.select().from(coupons).where(eq(coupons.ownerPartyId, partyId));
  return rows.filter((row) => row.status === "active").reduce((sum, row) => sum + row.amountMinor, 0n);
};

describe("giving from several coupons as one gift", () => {
  it("gives €35 from €20 + €20 (one split) under one passkey; B accepts the whole gift once", async () => {
    const [b] = (await createUsers(t.db, 1)) as [TestUser];
    const { a, first, second, gift, result } = await give35(b);
    expect(gift.draft.group?.couponIds).toHaveLength(2);
    expect(new Set(gift.draft.group?.couponIds)).toEqual(new Set([first.id, second.id]));
    expect(result.giftCouponIds).toHaveLength(2);
    expect(await groupRow(result.groupId)).toMatchObject({
      status: "pending",
      amountMinor: 3500n,
      fromPartyId: a.partyId,
      toPartyId: b.partyId,
    });
    const offered = await couponsOf(result.giftCouponIds);
    expect(offered.map((c) => c.amountMinor).sort()).toEqual([1500n, 2000n]);
    expect(offered.every((c) => c.status === "offered")).toBe(true);
    const [rest] = await couponsOf([result.restCouponId as string]);
    expect(rest).toMatchObject({ amountMinor: 500n, status: "active", ownerPartyId: a.partyId });
    await expectLedgerClean(t.db);

    // The receiver sees one offer of €35.00 in 2 coupons.
    const home = await getWalletHome(t.db, actorOf(b));
    expect(home.incomingOffers).toEqual([
      expect.objectContaining({
        groupId: result.groupId,
        couponCount: 2,
        amountMinor: 3500n,
        currency: "EUR",
      }),
    ]);
    // ... and is told of it once, for the whole amount.
    const told = (await listNotifications(t.db, actorOf(b))).items;
    expect(told.map((item) => item.title)).toEqual([`${a.handle} offered you a gift of €35.00.`]);
    // One coupon of the gift on its own cannot be taken.
    const [one] = await groupTransfers(result.groupId);
    const single = await authorizeAccept(t.db, b, {
      ...one!,
      transferId: one!.id,
      version: one!.couponVersion,
    });
    await expectAppError(
      acceptTransfer(t.db, actorOf(b), { transferId: one!.id, authorization: single }),
      "CONFLICT",
    );

    // Verify checks the whole gift, not only the coupon its card is named by: a forged signature on the last
    // coupon of the gift makes the gift not genuine.
    const transfersOfGift = await groupTransfers(result.groupId);
    const byFirst = { transferId: transfersOfGift[0]!.id, partyId: b.partyId, ip: null };
    expect(await verifyOffer(t.db, byFirst)).toMatchObject({
      genuine: true,
      current: true,
      amountMinor: 3500n,
    });
    const forged = await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        const last = [...transfersOfGift].sort((x, y) => (x.couponId < y.couponId ? 1 : -1))[0]!;
        await tx.execute(
          sql`update coupons set value_signature = reverse(value_signature) where id = ${last.couponId}`,
        );
        const seen = await verifyOffer(tx, byFirst);
        throw Object.assign(new Error("rollback"), { seen });
      })
      .catch((error: { seen?: unknown }) => error.seen);
    expect(forged).toMatchObject({ genuine: false });

    const accepted = await accept(b, { groupId: result.groupId });
    expect(accepted.couponIds).toHaveLength(2);
    expect(await groupRow(result.groupId)).toMatchObject({
      status: "accepted",
      acceptedByPartyId: b.partyId,
    });
    expect((await groupTransfers(result.groupId)).map((row) => row.status)).toEqual(["accepted", "accepted"]);
    expect(await heldBy(b.partyId)).toBe(3500n);
    expect(await heldBy(a.partyId)).toBe(500n);
    const giverTold = (await listNotifications(t.db, actorOf(a))).items.map((item) => item.kind);
    expect(giverTold).toEqual(["offer_accepted"]);
    // The gift is funded as it moves: A (the requester) pays for the €35 given, not for the €5 kept.
    expect(await balanceOf(t.db, "party", a.partyId)).toBe(3500n);
    for (const id of [...result.giftCouponIds, result.restCouponId as string, first.id, second.id]) {
      expect(await verifyCouponHistory(t.db, id), id).toMatchObject({ ok: true });
    }
    await expectLedgerClean(t.db);
  });

  it("declines the whole gift: every coupon goes back to the giver at the same version", async () => {
    const [b] = (await createUsers(t.db, 1)) as [TestUser];
    const { a, result } = await give35(b);
    const [one] = await groupTransfers(result.groupId);
    // Declining one coupon of the gift declines all of it.
    await declineTransfer(t.db, actorOf(b), { transferId: one!.id });
    expect(await groupRow(result.groupId)).toMatchObject({ status: "declined" });
    expect((await groupTransfers(result.groupId)).map((row) => row.status)).toEqual(["declined", "declined"]);
    expect(await heldBy(a.partyId)).toBe(4000n);
    await expectAppError(accept(b, { groupId: result.groupId }), "TRANSFER_NOT_PENDING");
    for (const id of result.giftCouponIds)
      expect(await verifyCouponHistory(t.db, id)).toMatchObject({ ok: true });
    await expectLedgerClean(t.db);
  });

  it("expires the whole gift in the expiry job", async () => {
    const [b] = (await createUsers(t.db, 1)) as [TestUser];
    const { a, result } = await give35(b);
    expect(await expireTransfers(t.db, new Date(Date.now() + 2 * day * 1000))).toMatchObject({ expired: 1 });
    expect(await groupRow(result.groupId)).toMatchObject({ status: "expired" });
    expect((await groupTransfers(result.groupId)).map((row) => row.status)).toEqual(["expired", "expired"]);
    expect(await heldBy(a.partyId)).toBe(4000n);
    await expectLedgerClean(t.db);
  });

  it("serialises an accept racing the giver's cancel: all of the gift goes one way", async () => {
    for (let round = 0; round < 3; round++) {
      const [b] = (await createUsers(t.db, 1)) as [TestUser];
      const { a, result } = await give35(b);
      const options = await beginAcceptGroup(t.db, actorOf(b), { groupId: result.groupId, ip: null });
      const authorization = await b.authenticator.createAssertion(options.challenge);
      const [one] = await groupTransfers(result.groupId);
      const outcomes = await Promise.allSettled([
        acceptTransferGroup(t.db, actorOf(b), { groupId: result.groupId, authorization }),
        cancelTransfer(t.db, actorOf(a), { transferId: one!.id }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      if (outcomes[1].status === "fulfilled") expect(outcomes[1].value).toEqual({ wholeGift: true });
      const statuses = (await groupTransfers(result.groupId)).map((row) => row.status);
      const group = await groupRow(result.groupId);
      expect(statuses).toEqual([group!.status, group!.status]);
      expect(await heldBy(b.partyId)).toBe(group!.status === "accepted" ? 3500n : 0n);
    }
    await expectLedgerClean(t.db);
  });

  it("gives several coupons under one claim link: one claim takes them all", async () => {
    const [c] = (await createUsers(t.db, 1)) as [TestUser];
    const { a, gift, result } = await give35(null);
    const claimCode = gift.draft.claimCode as string;
    expect(claimCode).toMatch(/^scc_/);
    expect(await groupRow(result.groupId)).toMatchObject({
      toPartyId: null,
      claimCodeHash: gift.draft.claimCodeHash,
    });
    // The claim link shows the whole gift.
    const shown = await verifyOffer(t.db, { claimCode, partyId: c.partyId, ip: null });
    expect(shown).toMatchObject({
      groupId: result.groupId,
      amountMinor: 3500n,
      offerStatus: "pending",
      genuine: true,
    });
    // The single-coupon claim refuses a coupon of a gift; the gift's claim takes every coupon.
    await expectAppError(acceptTransfer(t.db, actorOf(c), { claimCode, authorization: {} }), "CONFLICT");
    await expectAppError(accept(a, { claimCode }), "NOT_RECIPIENT");
    await accept(c, { claimCode });
    expect(await heldBy(c.partyId)).toBe(3500n);
    expect(await groupRow(result.groupId)).toMatchObject({
      status: "accepted",
      acceptedByPartyId: c.partyId,
    });
    await expectAppError(accept(c, { claimCode }), "TRANSFER_NOT_PENDING");
    for (const id of result.giftCouponIds)
      expect(await verifyCouponHistory(t.db, id)).toMatchObject({ ok: true });
    await expectLedgerClean(t.db);
  });

  it("refuses, before any passkey prompt, more than the coupons hold, and changes nothing", async () => {
    const [a, b] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const first = await issueTestCoupon(t.db, a, { amountMinor: 2000n });
    await issueTestCoupon(t.db, a, { amountMinor: 2000n });
    await issueTestCoupon(t.db, a, { amountMinor: 9900n, currency: "USD" });
    const before = await snapshotCouponData(t.db);
    const error = await expectAppError(draftGift(a, first, "40.01", b), "INSUFFICIENT_COUPONS");
    expect(error.message).toMatch(/at most €40\.00/);
    await expectAppError(draftGift(a, first, "35", a), "VALIDATION_FAILED");
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });

  it("refuses tampered gifts and an assertion reused for another operation", async () => {
    const [b, c] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const [a] = (await createUsers(t.db, 1)) as [TestUser];
    const first = await issueTestCoupon(t.db, a, { amountMinor: 2000n });
    const second = await issueTestCoupon(t.db, a, { amountMinor: 2000n });
    const third = await issueTestCoupon(t.db, a, { amountMinor: 2000n });
    const foreign = await issueTestCoupon(t.db, c, { amountMinor: 2000n });
    const gift = await draftGift(a, first, "35", b);
    const ids = gift.draft.group?.couponIds as string[];
    const unpicked = [first, second, third].find((coupon) => !ids.includes(coupon.id))?.id;
    const before = await snapshotCouponData(t.db);
    const cases: [Record<string, unknown>, string][] = [
      // Another of the giver's own coupons, or another person's, in place of one the passkey signed.
      [{ couponIds: [ids[0], unpicked] }, "STEP_UP_INVALID"],
      [{ couponIds: [ids[0], foreign.id] }, "COUPON_NOT_YOURS"],
      [{ versions: [1, 2] }, "VERSION_CONFLICT"],
      [{ giveMinor: "3600" }, "STEP_UP_INVALID"],
      [{ recipient: { partyId: c.partyId } }, "STEP_UP_INVALID"],
      [{ couponIds: [ids[0], ids[0]] }, "VALIDATION_FAILED"],
    ];
    for (const [change, code] of cases) await expectAppError(submit(a, gift, change), code);
    expect(await snapshotCouponData(t.db)).toEqual(before);

    const result = await submit(a, gift);
    // The receiver's accept names the gift: an assertion over this gift does not accept another one, and
    // another person's gift id looks missing.
    const other = await give35(b, a);
    const options = await beginAcceptGroup(t.db, actorOf(b), { groupId: result.groupId, ip: null });
    const authorization = await b.authenticator.createAssertion(options.challenge);
    await expectAppError(
      acceptTransferGroup(t.db, actorOf(b), { groupId: other.result.groupId, authorization }),
      "STEP_UP_INVALID",
    );
    await expectAppError(accept(c, { groupId: result.groupId }), "NOT_FOUND");
    await expectAppError(accept(b, { groupId: "tgr_AAAAAAAAAAAAAAAAAAAAAA" }), "NOT_FOUND");
    await expectAppError(accept(b, { groupId: "trf_AAAAAAAAAAAAAAAAAAAAAA" }), "NOT_FOUND");
    await expectAppError(turnDownGroup(t.db, actorOf(c), { groupId: result.groupId }, "cancel"), "NOT_FOUND");
    // The giver's give assertion is no accept assertion.
    await expectAppError(
      acceptTransferGroup(t.db, actorOf(b), { groupId: result.groupId, authorization: gift.authorization }),
      "STEP_UP_INVALID",
    );
    expect(await groupRow(result.groupId)).toMatchObject({ status: "pending" });
    await accept(b, { groupId: result.groupId });
    await expectLedgerClean(t.db);
  });
});
