import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { coupons, notifications, paymentRequests } from "../../db/schema";
import { abuseLimits } from "../../lib/auth/rate-limits";
import {
  beginPaymentRequestPayment,
  completePaymentRequestPayment,
} from "../../lib/checkout/pay-payment-request";
import { couponQrTextOf, couponTokenOf } from "../../lib/coupons/get-coupon-token";
import { revokeCoupon } from "../../lib/coupons/revoke-coupon";
import { requestFromCoupon } from "../../lib/pos/request-from-coupon";
import {
  actorOf,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { shopActorFixture } from "../support/shop-actor";
import { checkoutWith, createShopWithProducts, memberActor } from "../support/shop-fixtures";
import { setPartyStatus } from "../support/suspension-fixtures";
import { flipLast, resigned, shortFormOf } from "../support/terminal-forgery";

const t = couponTestDatabaseForFile();

let owner: TestUser;
let staff: TestUser;
let shop: Awaited<ReturnType<typeof createShopWithProducts>>;
let ipCounter = 0;
/** Each scan from its own address, so the per-address limit of one test does not spend another's. */
const nextIp = () => `198.51.100.${++ipCounter % 250}`;

beforeAll(async () => {
  owner = await createTestUser(t.db);
  staff = await createTestUser(t.db);
  shop = await createShopWithProducts(t.db, owner, [{ priceMinor: 1000n }]);
});

const staffActor = () => memberActor(staff, { [shop.shopId]: "staff" });

async function tokenOf(couponId: string, form: "short" | "long" = "short") {
  const [row] = await t.db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!row) throw new Error("no such coupon");
  return form === "short" ? couponQrTextOf(row) : couponTokenOf(row);
}

async function written() {
  const [requests] = await t.db.select({ n: count() }).from(paymentRequests);
  const [notes] = await t.db.select({ n: count() }).from(notifications);
  return { requests: requests?.n, notifications: notes?.n };
}

/** The scan is refused with `code` and `sentence`, and neither a request nor a notification is written. */
async function expectRefused(token: unknown, code: string, sentence: string | RegExp, actor = staffActor()) {
  const before = await written();
  const error = await expectAppError(
    requestFromCoupon(t.db, actor, { shopId: shop.shopId, token, amount: "4.50", ip: nextIp() }),
    code,
  );
  if (typeof sentence === "string") expect(error.message).toBe(sentence);
  else expect(error.message).toMatch(sentence);
  expect(await written()).toEqual(before);
}

const stale = "This QR code is out of date: ask the customer to open the coupon again.";

describe("the till scans a customer's coupon", () => {
  it("addresses a request to the coupon's owner, who is notified; the till learns only their display name", async () => {
    const customer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, customer, { amountMinor: 2000n });
    const token = await tokenOf(coupon.id);
    expect(token.startsWith("SCRIP2.")).toBe(true);
    const request = await requestFromCoupon(t.db, staffActor(), {
      shopId: shop.shopId,
      token,
      amount: "4.50",
      ip: nextIp(),
    });
    expect(request).toMatchObject({ amountMinor: 450n, currency: "EUR", payerName: customer.handle });
    expect(Object.values(request)).not.toContain(customer.partyId);
    const [row] = await t.db.select().from(paymentRequests).where(eq(paymentRequests.id, request.id));
    expect(row).toMatchObject({
      source: "till",
      status: "open",
      payerPartyId: customer.partyId,
      createdByUserId: staff.userId,
      shopId: shop.shopId,
    });
    const notes = await t.db.select().from(notifications).where(eq(notifications.partyId, customer.partyId));
    expect(notes.map((note) => [note.kind, note.ref])).toEqual([["payment_requested", request.id]]);
    // The long form reads alike, and products priced by the shop work as well as a typed amount.
    const again = await requestFromCoupon(t.db, memberActor(owner, { [shop.shopId]: "owner" }), {
      shopId: shop.shopId,
      token: await tokenOf(coupon.id, "long"),
      lines: [{ productId: shop.productIds[0], quantity: 2 }],
      ip: nextIp(),
    });
    expect(again).toMatchObject({ amountMinor: 2000n, payerName: customer.handle });
    await expectLedgerClean(t.db);
  });

  it("refuses a QR code shown before the coupon changed hands or was split", async () => {
    const customer = await createTestUser(t.db);
    const friend = await createTestUser(t.db);
    const given = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    const shownBeforeGift = await tokenOf(given.id);
    await giveTestCoupon(t.db, customer, friend, given);
    await expectRefused(shownBeforeGift, "COUPON_TRANSFERRED", stale);

    const split = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    const shownBeforeSplit = await tokenOf(split.id);
    const request = await requestFromCoupon(t.db, staffActor(), {
      shopId: shop.shopId,
      token: shownBeforeSplit,
      amount: "3.00",
      ip: nextIp(),
    });
    const draft = await beginPaymentRequestPayment(t.db, actorOf(customer), {
      paymentRequestId: request.id,
      couponIds: [split.id],
      ip: null,
    });
    await completePaymentRequestPayment(t.db, actorOf(customer), {
      paymentRequestId: request.id,
      couponIds: [split.id],
      authorization: customer.authenticator.createAssertion(draft.options.challenge),
      ip: null,
    });
    // Paid with: the coupon was split into what the shop got and the change, so the QR code shown is spent.
    await expectRefused(shownBeforeSplit, "COUPON_TRANSFERRED", stale);
    await expectLedgerClean(t.db);
  });

  it("refuses a forged, foreign, malformed or huge code", async () => {
    const customer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    const long = await tokenOf(coupon.id, "long");
    const [prefix, value, valueSig, ownerPart, ownerSig] = long.split(".") as string[];
    const forgedLong = [prefix, value, flipLast(valueSig as string), ownerPart, ownerSig].join(".");
    await expectRefused(forgedLong, "MALFORMED_TOKEN", "This coupon's signature is not valid.");
    // The short form with one byte of the owner signature changed.
    const short = shortFormOf(long);
    const at = short.length - 20;
    const forgedShort = `${short.slice(0, at)}${short[at] === "A" ? "B" : "A"}${short.slice(at + 1)}`;
    await expectRefused(forgedShort, "MALFORMED_TOKEN", "This coupon's signature is not valid.");
    // Someone else's amount, signed with a key that is not Scrip's but named as Scrip's key.
    const richer = resigned(long, "value", (payload) => {
      payload.a = "100000";
    });
    await expectRefused(richer, "MALFORMED_TOKEN", "This coupon's signature is not valid.");
    // Another issuer: a key Scrip does not know.
    const foreign = resigned(long, "value", (payload) => {
      payload.k = `isk_${randomBytes(16).toString("base64url")}`;
    });
    await expectRefused(foreign, "MALFORMED_TOKEN", "This is not a Scrip coupon.");
    await expectRefused(shortFormOf(foreign), "MALFORMED_TOKEN", "This is not a Scrip coupon.");
    await expectRefused("hello", "MALFORMED_TOKEN", "That is not a coupon's QR code.");
    await expectRefused(`SCRIP2.${"A".repeat(5000)}`, "MALFORMED_TOKEN", "That is not a coupon's QR code.");
    await expectRefused({ token: long }, "MALFORMED_TOKEN", "That is not a coupon's QR code.");
  });

  it("refuses an expired or revoked coupon, another currency, and a coupon no person may pay with", async () => {
    const customer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    const token = await tokenOf(coupon.id);
    const before = await written();
    await expectAppError(
      requestFromCoupon(t.db, staffActor(), {
        shopId: shop.shopId,
        token,
        amount: "1.00",
        ip: nextIp(),
        now: new Date(coupon.expiresAt.getTime() + 1000),
      }),
      "COUPON_EXPIRED",
    );
    expect(await written()).toEqual(before);

    const revoked = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    const revokedToken = await tokenOf(revoked.id);
    const admin = await createTestUser(t.db, { isAdmin: true });
    await revokeCoupon(t.db, actorOf(admin, { isAdmin: true }), { couponId: revoked.id, reason: "Fraud" });
    await expectRefused(revokedToken, "COUPON_NOT_ACTIVE", "This coupon has been revoked and cannot pay.");

    const dollars = await issueTestCoupon(t.db, customer, { amountMinor: 1000n, currency: "USD" });
    await expectRefused(
      await tokenOf(dollars.id),
      "CURRENCY_MISMATCH",
      "This coupon is in USD; this shop takes EUR.",
    );

    // A coupon the shop itself was paid with, scanned at this shop and at another.
    const spent = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    await checkoutWith(t.db, customer, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [spent.id],
    });
    const shopsOwn = await tokenOf(spent.id);
    await expectRefused(shopsOwn, "VALIDATION_FAILED", /belongs to this shop/);
    const otherMerchant = await createTestUser(t.db);
    const otherShop = await createShopWithProducts(t.db, otherMerchant, []);
    const before2 = await written();
    const error = await expectAppError(
      requestFromCoupon(t.db, memberActor(otherMerchant, { [otherShop.shopId]: "owner" }), {
        shopId: otherShop.shopId,
        token: shopsOwn,
        amount: "1.00",
        ip: nextIp(),
      }),
      "VALIDATION_FAILED",
    );
    expect(error.message).toMatch(/belongs to a shop, not a person/);
    expect(await written()).toEqual(before2);

    const suspended = await createTestUser(t.db);
    const frozen = await issueTestCoupon(t.db, suspended, { amountMinor: 1000n });
    const frozenToken = await tokenOf(frozen.id);
    await setPartyStatus(t.db, suspended.partyId, "suspended");
    await expectRefused(
      frozenToken,
      "ACCOUNT_SUSPENDED",
      "This customer's account cannot pay at the moment.",
    );
    await expectLedgerClean(t.db);
  });

  it("lets the shop's staff and owners scan; another shop's member, someone else and an API key may not", async () => {
    const customer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    const token = await tokenOf(coupon.id);
    const otherMerchant = await createTestUser(t.db);
    const otherShop = await createShopWithProducts(t.db, otherMerchant, []);
    await expectRefused(token, "FORBIDDEN", /./, memberActor(otherMerchant, { [otherShop.shopId]: "owner" }));
    await expectRefused(token, "FORBIDDEN", /./, actorOf(await createTestUser(t.db)));
    await expectRefused(token, "FORBIDDEN", /./, actorOf(customer));
    const apiKey = await shopActorFixture(t.db, { scopes: ["shop.till", "payments"] });
    await expectRefused(token, "FORBIDDEN", /./, { ...apiKey, shopId: shop.shopId });
    for (const actor of [staffActor(), memberActor(owner, { [shop.shopId]: "owner" })]) {
      const request = await requestFromCoupon(t.db, actor, {
        shopId: shop.shopId,
        token,
        amount: "1.00",
        ip: nextIp(),
      });
      expect(request.payerName).toBe(customer.handle);
    }
  });

  it("counts scans per staff member: past the limit the till waits, other staff still scan", async () => {
    const busy = await createTestUser(t.db);
    const colleague = await createTestUser(t.db);
    const customer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, customer, { amountMinor: 1000n });
    const token = await tokenOf(coupon.id);
    const limit = abuseLimits["till.scan"].perAccount;
    const busyActor = memberActor(busy, { [shop.shopId]: "staff" });
    for (let scan = 0; scan < limit; scan++) {
      await expectAppError(
        requestFromCoupon(t.db, busyActor, { shopId: shop.shopId, token: "nonsense", ip: nextIp() }),
        "MALFORMED_TOKEN",
      );
    }
    await expectRefused(token, "RATE_LIMITED", /./, busyActor);
    const request = await requestFromCoupon(t.db, memberActor(colleague, { [shop.shopId]: "staff" }), {
      shopId: shop.shopId,
      token,
      amount: "2.00",
      ip: nextIp(),
    });
    expect(request.amountMinor).toBe(200n);
  });
});
