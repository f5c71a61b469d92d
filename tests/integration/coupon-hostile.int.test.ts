import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { getCouponToken } from "../../lib/coupons/get-coupon-token";
import { issueOperation } from "../../lib/coupons/operations";
import { splitCoupon } from "../../lib/coupons/split-coupon";
import { voidCoupon } from "../../lib/coupons/void-coupon";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { parseMoney } from "../../lib/money/money";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { newClaimCode } from "../../lib/transfers/claim-code";
import { offerTransfer } from "../../lib/transfers/offer-transfer";
import { prepareOffer } from "../../lib/transfers/prepare-offer";
import {
  actorOf,
  authorize,
  authorizeAccept,
  createUsers,
  expectAppError,
  expectLedgerClean,
  inOneDay,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;
let mallory: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice, bob, mallory] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
});
afterAll(async () => {
  await t?.destroy();
});

/** Asserts that every action is refused with its code and that the coupon data is exactly as before. */
async function expectAllRefusedUnchanged(cases: [() => Promise<unknown>, string][]) {
  const before = await snapshotCouponData(t.db);
  for (const [action, code] of cases) await expectAppError(action, code);
  expect(await snapshotCouponData(t.db)).toEqual(before);
}

describe("hostile passkey assertions", () => {
  it("refuses replayed, mismatched and foreign assertions without changing anything", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const expiresAt = inOneDay();
    const toBob = prepareOffer({
      couponId: coupon.id,
      version: 1,
      recipient: { partyId: bob.partyId },
      expiresAt,
    });
    const used = await authorize(t.db, alice, toBob.operation);
    const offer = await offerTransfer(t.db, actorOf(alice), {
      couponId: coupon.id,
      version: 1,
      recipient: { partyId: bob.partyId },
      expiresAt,
      authorization: used,
    });
    await cancelTransfer(t.db, actorOf(alice), { transferId: offer.transferId });
    const toMallory = { couponId: coupon.id, version: 1, recipient: { partyId: mallory.partyId }, expiresAt };
    const byMallory = await authorize(t.db, mallory, toBob.operation);
    const acceptOther = await authorizeAccept(t.db, bob, {
      transferId: "trf_AAAAAAAAAAAAAAAAAAAAAA",
      couponId: coupon.id,
      version: 1,
    });
    await expectAllRefusedUnchanged([
      // replay: the same assertion for the same offer again
      [
        () =>
          offerTransfer(t.db, actorOf(alice), {
            couponId: coupon.id,
            version: 1,
            recipient: { partyId: bob.partyId },
            expiresAt,
            authorization: used,
          }),
        "STEP_UP_INVALID",
      ],
      // mismatch: an assertion for "to bob" used to offer to mallory
      [
        async () =>
          offerTransfer(t.db, actorOf(alice), {
            ...toMallory,
            authorization: await authorize(t.db, alice, toBob.operation),
          }),
        "STEP_UP_INVALID",
      ],
      // foreign: mallory's assertion presented as alice's
      [
        () =>
          offerTransfer(t.db, actorOf(alice), {
            couponId: coupon.id,
            version: 1,
            recipient: { partyId: bob.partyId },
            expiresAt,
            authorization: byMallory,
          }),
        "STEP_UP_INVALID",
      ],
      [
        () =>
          offerTransfer(t.db, actorOf(alice), {
            couponId: coupon.id,
            version: 1,
            recipient: { partyId: bob.partyId },
            expiresAt,
            authorization: { id: "x" },
          }),
        "STEP_UP_INVALID",
      ],
      [
        () =>
          offerTransfer(t.db, actorOf(alice), {
            couponId: coupon.id,
            version: 1,
            recipient: { partyId: bob.partyId },
            expiresAt,
            authorization: undefined,
          }),
        "STEP_UP_INVALID",
      ],
    ]);
    const pending = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await expectAllRefusedUnchanged([
      [
        () =>
          acceptTransfer(t.db, actorOf(bob), { transferId: pending.transferId, authorization: acceptOther }),
        "STEP_UP_INVALID",
      ],
      [
        async () =>
          acceptTransfer(t.db, actorOf(bob), {
            transferId: pending.transferId,
            authorization: await authorizeAccept(t.db, mallory, pending),
          }),
        "STEP_UP_INVALID",
      ],
      [
        async () =>
          acceptTransfer(t.db, actorOf(bob), {
            transferId: pending.transferId,
            authorization: await authorizeAccept(t.db, bob, { ...pending, version: 2 }),
          }),
        "STEP_UP_INVALID",
      ],
    ]);
    const good = await authorizeAccept(t.db, bob, pending);
    await acceptTransfer(t.db, actorOf(bob), { transferId: pending.transferId, authorization: good });
    const back = await offerTestCoupon(t.db, bob, { id: coupon.id, version: 2 }, { partyId: alice.partyId });
    await expectAllRefusedUnchanged([
      [
        () => acceptTransfer(t.db, actorOf(alice), { transferId: back.transferId, authorization: good }),
        "STEP_UP_INVALID",
      ],
    ]);
  });
});

describe("another party's coupon", () => {
  it("is invisible to everyone but its owner", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    const mine = await issueTestCoupon(t.db, alice);
    const expiresAt = inOneDay();
    const prepared = prepareOffer({
      couponId: mine.id,
      version: 1,
      recipient: { partyId: mallory.partyId },
      expiresAt,
    });
    await expectAllRefusedUnchanged([
      [
        async () =>
          offerTransfer(t.db, actorOf(mallory), {
            couponId: mine.id,
            version: 1,
            recipient: { partyId: bob.partyId },
            expiresAt,
            authorization: await authorize(t.db, mallory, prepared.operation),
          }),
        "NOT_FOUND",
      ],
      [() => convertCoupon(t.db, actorOf(mallory), { couponId: mine.id, version: 1 }), "NOT_FOUND"],
      [
        () =>
          splitCoupon(t.db, actorOf(mallory), { couponId: mine.id, version: 1, amountsMinor: [500n, 500n] }),
        "NOT_FOUND",
      ],
      [() => voidCoupon(t.db, actorOf(mallory), { couponId: mine.id }), "NOT_FOUND"],
      [() => getCouponToken(t.db, actorOf(mallory), { couponId: mine.id }), "NOT_FOUND"],
      [() => cancelTransfer(t.db, actorOf(mallory), { transferId: offer.transferId }), "NOT_FOUND"],
      [() => voidCoupon(t.db, actorOf(mallory), { couponId: "cpn_' or 1=1 --" }), "NOT_FOUND"],
      [() => cancelTransfer(t.db, actorOf(mallory), { transferId: "../etc/passwd" }), "NOT_FOUND"],
    ]);
  });
});

describe("claim codes", () => {
  it("rate-limits wrong guesses per party, counting every attempt, and the right code is then refused too", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { open: true });
    const authorization = await authorizeAccept(t.db, mallory, offer);
    const guesses: [() => Promise<unknown>, string][] = [
      [
        () => acceptTransfer(t.db, actorOf(mallory), { claimCode: "not-a-code", authorization }),
        "CLAIM_CODE_INVALID",
      ],
    ];
    for (let attempt = 0; attempt < 9; attempt++) {
      guesses.push([
        () => acceptTransfer(t.db, actorOf(mallory), { claimCode: newClaimCode(), authorization }),
        "CLAIM_CODE_INVALID",
      ]);
    }
    guesses.push([
      () => acceptTransfer(t.db, actorOf(mallory), { claimCode: newClaimCode(), authorization }),
      "RATE_LIMITED",
    ]);
    guesses.push([
      () => acceptTransfer(t.db, actorOf(mallory), { claimCode: offer.claimCode!, authorization }),
      "RATE_LIMITED",
    ]);
    await expectAllRefusedUnchanged(guesses);
    // Someone else, with the real code, is not affected by mallory's limit.
    await acceptTransfer(t.db, actorOf(bob), {
      claimCode: offer.claimCode!,
      authorization: await authorizeAccept(t.db, bob, offer),
    });
  });
});

describe("hostile amounts", () => {
  it("refuses 0, −1, 2^63, 1e3, 0.001 JPY, an unknown currency and a request that differs from what was signed", async () => {
    const signed = issueOperation({
      couponId: "cpn_AAAAAAAAAAAAAAAAAAAAAA",
      partyId: alice.partyId,
      amountMinor: 100n,
      currency: "EUR",
      expiresInDays: 30,
    });
    const request = async (amountMinor: unknown, currency = "EUR", expiresInDays: unknown = 30) => {
      const { couponId } = prepareIssuance(actorOf(alice), {
        amountMinor: 100n,
        currency: "EUR",
        expiresInDays: 30,
      });
      const authorization = await authorize(t.db, alice, { ...signed, couponId });
      return requestIssuance(t.db, actorOf(alice), {
        couponId,
        amountMinor,
        currency,
        expiresInDays,
        authorization,
      });
    };
    await expectAllRefusedUnchanged([
      [() => request(0n), "INVALID_AMOUNT"],
      [() => request(-1n), "INVALID_AMOUNT"],
      [() => request("-1"), "INVALID_AMOUNT"],
      [() => request(2n ** 63n), "INVALID_AMOUNT"],
      [() => request((2n ** 63n).toString()), "INVALID_AMOUNT"],
      [() => request("1e3"), "INVALID_AMOUNT"],
      [() => request(10.5), "INVALID_AMOUNT"],
      [async () => request(parseMoney("0.001", "JPY").amountMinor, "JPY"), "INVALID_AMOUNT"],
      [async () => request(parseMoney("1e3", "EUR").amountMinor), "INVALID_AMOUNT"],
      [() => request(100n, "XXX"), "INVALID_CURRENCY"],
      [() => request(100n, "EUR", 0), "VALIDATION_FAILED"],
      [() => request(100n, "EUR", 10_000), "VALIDATION_FAILED"],
      [() => request(10_000n), "STEP_UP_INVALID"],
      [() => request(100n, "USD"), "STEP_UP_INVALID"],
      [() => request(100n, "EUR", 31), "STEP_UP_INVALID"],
      [
        async () => prepareIssuance(actorOf(alice), { amountMinor: 0n, currency: "EUR", expiresInDays: 1 }),
        "INVALID_AMOUNT",
      ],
    ]);
    expect((await request(100n)).status).toBe("issued");
  });

  it("ends with a clean ledger", async () => {
    await expectLedgerClean(t.db);
  });
});
