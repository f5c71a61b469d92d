import { describe, expect, it } from "vitest";
import { completeCheckout } from "../../lib/checkout/complete-checkout";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { convertOperation } from "../../lib/coupons/operations";
import { newId } from "../../lib/ids";
import { approveIssuance } from "../../lib/issuance/decide-issuance";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import {
  actorOf,
  authorize,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import { prepareCheckout } from "../support/shop-fixtures";
import { makeSuspendableShop, setPartyStatus } from "../support/suspension-fixtures";

// Suspension freezes a party's money (lib/parties/suspension.ts): it receives nothing, moves nothing out,
// converts nothing and requests nothing, and its API keys are refused. Each test suspends a party between the
// start of an operation (passkey challenge already issued) and its completion, and checks nothing changed.
const t = couponTestDatabaseForFile();

const setStatus = (partyId: string, status: "active" | "suspended") => setPartyStatus(t.db, partyId, status);
const makeShop = () => makeSuspendableShop(t.db);

describe("a suspended person", () => {
  it("cannot accept a coupon offered before the suspension, nor be offered one", async () => {
    const [giver, recipient] = [await createTestUser(t.db), await createTestUser(t.db)];
    const coupon = await issueTestCoupon(t.db, giver);
    const offer = await offerTestCoupon(t.db, giver, coupon, { partyId: recipient.partyId });
    const authorization = await authorizeAccept(t.db, recipient, offer);
    await setStatus(recipient.partyId, "suspended");
    const before = await snapshotCouponData(t.db);
    await expectAppError(
      acceptTransfer(t.db, actorOf(recipient), { transferId: offer.transferId, authorization }),
      "ACCOUNT_SUSPENDED",
    );
    const other = await issueTestCoupon(t.db, giver);
    await expectAppError(
      offerTestCoupon(t.db, giver, other, { partyId: recipient.partyId }),
      "ACCOUNT_SUSPENDED",
    );
    const open = await offerTestCoupon(t.db, giver, other, { open: true });
    await expectAppError(
      acceptTransfer(t.db, actorOf(recipient), {
        claimCode: open.claimCode as string,
        authorization: await authorizeAccept(t.db, recipient, open),
      }),
      "ACCOUNT_SUSPENDED",
    );
    const after = await snapshotCouponData(t.db);
    expect(after.postings).toEqual(before.postings);
    expect(after.coupons.find((row) => row.id === coupon.id)).toEqual(
      before.coupons.find((row) => row.id === coupon.id),
    );
  });

  it("cannot give, pay, convert or request coupons", async () => {
    const [person, friend] = [await createTestUser(t.db), await createTestUser(t.db)];
    const gift = await issueTestCoupon(t.db, friend, { amountMinor: 500n });
    await giveTestCoupon(t.db, friend, person, gift);
    const convert = convertOperation({ couponId: gift.id, version: 2, amountMinor: 500n, currency: "EUR" });
    const convertAuthorization = await authorize(t.db, person, convert);
    const shop = await makeShop();
    const prepared = await prepareCheckout(t.db, person, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [gift.id],
      checkoutKey: newId("order").slice(4),
    });
    const issue = prepareIssuance(actorOf(person), { amountMinor: 100n, currency: "EUR", expiresInDays: 30 });
    const issueAuthorization = await authorize(t.db, person, issue.operation);
    await setStatus(person.partyId, "suspended");
    const before = await snapshotCouponData(t.db);
    await expectAppError(
      convertCoupon(t.db, actorOf(person), {
        couponId: gift.id,
        version: 2,
        authorization: convertAuthorization,
      }),
      "ACCOUNT_SUSPENDED",
    );
    await expectAppError(
      offerTestCoupon(t.db, person, { id: gift.id, version: 2 }, { open: true }),
      "ACCOUNT_SUSPENDED",
    );
    await expectAppError(
      completeCheckout(t.db, actorOf(person), { ...prepared.input, authorization: prepared.authorization }),
      "ACCOUNT_SUSPENDED",
    );
    await expectAppError(
      requestIssuance(t.db, actorOf(person), {
        couponId: issue.couponId,
        amountMinor: 100n,
        currency: "EUR",
        expiresInDays: 30,
        authorization: issueAuthorization,
      }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
    // Reinstated, the confirmation made before the suspension still converts: the refusal spent nothing.
    await setStatus(person.partyId, "active");
    await convertCoupon(t.db, actorOf(person), {
      couponId: gift.id,
      version: 2,
      authorization: convertAuthorization,
    });
    await expectLedgerClean(t.db);
  });

  it("gets nothing from a request that was waiting for approval when it was suspended", async () => {
    const person = await createTestUser(t.db);
    const admin = await createTestUser(t.db, { isAdmin: true });
    const request = { amountMinor: 50_000n, currency: "EUR", expiresInDays: 30 };
    const issue = prepareIssuance(actorOf(person), request);
    const authorization = await authorize(t.db, person, issue.operation);
    const waiting = await requestIssuance(t.db, actorOf(person), {
      couponId: issue.couponId,
      ...request,
      authorization,
    });
    expect(waiting.status).toBe("awaiting_approval");
    if (waiting.status !== "awaiting_approval") return;
    await setStatus(person.partyId, "suspended");
    const before = await snapshotCouponData(t.db);
    await expectAppError(
      approveIssuance(t.db, actorOf(admin, { isAdmin: true }), { requestId: waiting.requestId }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
    await setStatus(person.partyId, "active");
    const coupon = await approveIssuance(t.db, actorOf(admin, { isAdmin: true }), {
      requestId: waiting.requestId,
    });
    expect(coupon.ownerPartyId).toBe(person.partyId);
    await expectLedgerClean(t.db);
  });
});
