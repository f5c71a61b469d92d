import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { coupons, transfers } from "../../db/schema";
import { AppError } from "../../lib/errors";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { beginGive } from "../../lib/transfers/begin-give";
import { givePart } from "../../lib/transfers/give-part";
import { offerTransfer } from "../../lib/transfers/offer-transfer";
import {
  actorOf,
  authorizeAccept,
  backdateCoupon,
  couponTestDatabaseForFile,
  createUsers,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

const t = couponTestDatabaseForFile({ max: 20 });
const day = 86_400;

type GiveTerms = { amount: string; currency?: string; to: TestUser | null; validitySeconds?: number };

/** What the wallet does: the pre-passkey checks and the challenge, then the giver's passkey over it. */
async function draftGift(giver: TestUser, coupon: { id: string }, terms: GiveTerms) {
  const draft = await beginGive(t.db, actorOf(giver), {
    couponId: coupon.id,
    amount: terms.amount,
    currency: terms.currency ?? "EUR",
    recipientPartyId: terms.to?.partyId ?? null,
    validitySeconds: terms.validitySeconds ?? day,
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
  return givePart(t.db, actorOf(giver), {
    couponId: draft.couponId,
    version: draft.version,
    giveMinor: draft.giveMinor,
    currency: draft.currency,
    recipient: draft.recipientPartyId ? { partyId: draft.recipientPartyId } : { open: true },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: draft.claimCodeHash,
    authorization,
    ...change,
  });
}

const couponById = async (id: string) => {
  const [row] = await t.db.select().from(coupons).where(eq(coupons.id, id));
  return row;
};

describe("giving part of a coupon", () => {
  it("splits €10 into a €4 gift offered to B and €6 that stays with A, under one passkey; B accepts", async () => {
    const [a, b] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const gift = await draftGift(a, coupon, { amount: "4", to: b });
    expect(gift.draft).toMatchObject({ whole: false, giveMinor: "400", currency: "EUR", claimCode: null });
    const result = await submit(a, gift);
    expect(result).toMatchObject({ giveMinor: 400n, restMinor: 600n, recipientPartyId: b.partyId });

    expect(await couponById(coupon.id)).toMatchObject({ status: "split", ownerPartyId: a.partyId });
    expect(await couponById(result.giftCouponId)).toMatchObject({
      status: "offered",
      amountMinor: 400n,
      ownerPartyId: a.partyId,
      parentId: coupon.id,
    });
    expect(await couponById(result.restCouponId)).toMatchObject({
      status: "active",
      amountMinor: 600n,
      ownerPartyId: a.partyId,
    });
    const [offer] = await t.db.select().from(transfers).where(eq(transfers.id, result.transferId));
    expect(offer).toMatchObject({ couponId: result.giftCouponId, toPartyId: b.partyId, status: "pending" });

    const authorization = await authorizeAccept(t.db, b, {
      transferId: result.transferId,
      couponId: result.giftCouponId,
      version: 1,
    });
    await acceptTransfer(t.db, actorOf(b), { transferId: result.transferId, authorization });
    expect(await couponById(result.giftCouponId)).toMatchObject({
      status: "active",
      ownerPartyId: b.partyId,
    });
    for (const id of [coupon.id, result.giftCouponId, result.restCouponId]) {
      expect(await verifyCouponHistory(t.db, id), id).toMatchObject({ ok: true });
    }
    await expectLedgerClean(t.db);
  });

  it("gives part as a claim link that whoever opens it first accepts", async () => {
    const [a, c] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const gift = await draftGift(a, coupon, { amount: "2.50", to: null });
    expect(gift.draft.claimCode).toMatch(/^scc_/);
    const result = await submit(a, gift);
    expect(result.recipientPartyId).toBeNull();
    const authorization = await authorizeAccept(t.db, c, {
      transferId: result.transferId,
      couponId: result.giftCouponId,
      version: 1,
    });
    await acceptTransfer(t.db, actorOf(c), { claimCode: gift.draft.claimCode as string, authorization });
    expect(await couponById(result.giftCouponId)).toMatchObject({
      ownerPartyId: c.partyId,
      amountMinor: 250n,
    });
    expect(await couponById(result.restCouponId)).toMatchObject({
      ownerPartyId: a.partyId,
      amountMinor: 750n,
    });
    expect(await verifyCouponHistory(t.db, result.giftCouponId)).toMatchObject({ ok: true });
    await expectLedgerClean(t.db);
  });

  it("keeps whole-value gifts a plain offer of the same coupon", async () => {
    const [a, b] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const { draft, authorization } = await draftGift(a, coupon, { amount: "10.00", to: b });
    expect(draft).toMatchObject({ whole: true, giveMinor: "1000" });
    const offer = await offerTransfer(t.db, actorOf(a), {
      couponId: draft.couponId,
      version: draft.version,
      recipient: { partyId: b.partyId },
      expiresAt: new Date(draft.expiresAt),
      authorization,
    });
    expect(offer.couponId).toBe(coupon.id);
    expect(await couponById(coupon.id)).toMatchObject({ status: "offered", amountMinor: 1000n });
    // A whole-value assertion is no authority to give a part.
    await expectAppError(
      submit(a, { draft: { ...draft, giveMinor: "999" }, authorization }),
      "COUPON_NOT_ACTIVE",
    );
    await expectLedgerClean(t.db);
  });

  it("refuses, before any passkey prompt, what a gift cannot be", async () => {
    const [a, b, c] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const offered = await issueTestCoupon(t.db, a, { amountMinor: 500n });
    await offerTestCoupon(t.db, a, offered, { partyId: b.partyId });
    const before = await snapshotCouponData(t.db);
    const refusals: [GiveTerms & { coupon?: { id: string }; giver?: TestUser }, string, RegExp][] = [
      [{ amount: "0", to: b }, "INVALID_AMOUNT", /greater than zero/],
      [{ amount: "-1", to: b }, "INVALID_AMOUNT", /negative/],
      // Above the coupon the gift comes from several coupons, up to their sum (the offered one is not ready).
      [{ amount: "10.01", to: b }, "INSUFFICIENT_COUPONS", /at most €10\.00/],
      [{ amount: "4.001", to: b }, "INVALID_AMOUNT", /decimals/],
      [{ amount: "four", to: b }, "INVALID_AMOUNT", /Enter an amount/],
      [{ amount: "4", currency: "USD", to: b }, "CURRENCY_MISMATCH", /in EUR/],
      [{ amount: "4", to: a }, "VALIDATION_FAILED", /yourself/],
      [{ amount: "4", to: { ...b, partyId: "pty_AAAAAAAAAAAAAAAAAAAAAA" } }, "NOT_FOUND", /nobody/i],
      [{ amount: "4", to: b, giver: c }, "NOT_FOUND", /No such coupon/],
      [{ amount: "4", to: c, coupon: offered }, "COUPON_NOT_ACTIVE", /ready to use/],
      [{ amount: "4", to: b, validitySeconds: 5 }, "VALIDATION_FAILED", /how long/],
    ];
    for (const [terms, code, message] of refusals) {
      const error = await expectAppError(
        beginGive(t.db, actorOf(terms.giver ?? a), {
          couponId: (terms.coupon ?? coupon).id,
          amount: terms.amount,
          currency: terms.currency ?? "EUR",
          recipientPartyId: terms.to?.partyId ?? null,
          validitySeconds: terms.validitySeconds ?? day,
          ip: null,
        }),
        code,
      );
      expect(error.message).toMatch(message);
    }
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });

  it("refuses hostile submissions with a clear error and changes nothing", async () => {
    const [a, b, c] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const gift = await draftGift(a, coupon, { amount: "4", to: b });
    const before = await snapshotCouponData(t.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ giveMinor: "0" }, "INVALID_AMOUNT"],
      [{ giveMinor: "-400" }, "INVALID_AMOUNT"],
      [{ giveMinor: 4.5 }, "INVALID_AMOUNT"],
      [{ giveMinor: "1001" }, "INVALID_AMOUNT"],
      [{ giveMinor: "1000" }, "INVALID_AMOUNT"],
      [{ currency: "USD" }, "CURRENCY_MISMATCH"],
      [{ version: 2 }, "VERSION_CONFLICT"],
      [{ couponId: "cpn_AAAAAAAAAAAAAAAAAAAAAA" }, "NOT_FOUND"],
      [{ recipient: { partyId: a.partyId } }, "VALIDATION_FAILED"],
      // The assertion commits to €4 for B: another amount or recipient does not verify.
      [{ giveMinor: "500" }, "STEP_UP_INVALID"],
      [{ recipient: { partyId: c.partyId } }, "STEP_UP_INVALID"],
    ];
    for (const [change, code] of cases) {
      await expectAppError(submit(a, gift, change), code);
    }
    // Someone else submitting the owner's signed gift is told the coupon does not exist.
    await expectAppError(submit(c, gift), "NOT_FOUND");
    expect(await snapshotCouponData(t.db)).toEqual(before);

    const expiring = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const late = await draftGift(a, expiring, { amount: "4", to: b });
    await backdateCoupon(t.sql, expiring.id);
    await expectAppError(submit(a, late), "COUPON_EXPIRED");
    expect(await couponById(expiring.id)).toMatchObject({ status: "active" });
  });

  it("gives once when the same gift is submitted twice at once, or two gifts race for one coupon", async () => {
    const [a, b] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const gift = await draftGift(a, coupon, { amount: "4", to: b });
    const twice = await Promise.allSettled([submit(a, gift), submit(a, gift)]);
    expect(twice.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const failure = twice.find((outcome) => outcome.status === "rejected");
    expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(AppError);

    const other = await issueTestCoupon(t.db, a, { amountMinor: 1000n });
    const first = await draftGift(a, other, { amount: "3", to: b });
    const second = await draftGift(a, other, { amount: "7", to: b });
    const raced = await Promise.allSettled([submit(a, first), submit(a, second)]);
    expect(raced.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);

    const offers = await t.db
      .select()
      .from(transfers)
      .where(and(eq(transfers.fromPartyId, a.partyId), eq(transfers.status, "pending")));
    expect(offers).toHaveLength(2);
    await expectLedgerClean(t.db);
  });
});
