/**
 * Hole 4 of issue #13 (currencies) and the payment request maximum: Scrip works only in the currencies its
 * operator enables (SCRIP_CURRENCIES; the integration project enables EUR, USD and JPY), and refuses every
 * other one wherever a currency enters — issuance, shop creation, payment requests — with a clear 400 and
 * nothing written.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createPaymentRequestRoute } from "../../app/api/v1/payment-requests/route";
import { shops } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { newId } from "../../lib/ids";
import { approveIssuance } from "../../lib/issuance/decide-issuance";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { getEnabledCurrencies } from "../../lib/money/enabled-currencies";
import { createShop } from "../../lib/shops/create-shop";
import { getCreditLeft } from "../../lib/wallet/get-credit-left";
import { call, shopWithKey } from "../support/api-client";
import {
  actorOf,
  authorize,
  createUsers,
  expectAppError,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { insertParty } from "../support/schema-fixtures";

let t: TestDatabase;
let alice: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice] = (await createUsers(t.db, 1)) as [TestUser];
});
afterAll(async () => {
  await t?.destroy();
});

const count = async (table: string) => {
  const [row] = await t.db.execute<{ n: string }>(
    sql`select count(*)::text as n from ${sql.identifier(table)}`,
  );
  return Number(row?.n);
};

const paymentBody = {
  amountMinor: "1250",
  currency: "EUR",
  orderReference: "order-1",
  returnUrl: "https://shop.example/thanks",
  expiresInSeconds: 900,
};
let idempotency = 0;
const postPaymentRequest = (key: string, body: unknown) =>
  call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
    key,
    body,
    idempotencyKey: `currency-test-${++idempotency}`,
  });

describe("enabled currencies (SCRIP_CURRENCIES)", () => {
  it("reads the setting: EUR by default, a comma list, unknown or repeated codes refused loudly", () => {
    expect(getEnabledCurrencies({})).toEqual(["EUR"]);
    expect(getEnabledCurrencies({ SCRIP_CURRENCIES: "EUR, JPY" })).toEqual(["EUR", "JPY"]);
    expect(() => getEnabledCurrencies({ SCRIP_CURRENCIES: "EUR,XXX" })).toThrow(/XXX/);
    expect(() => getEnabledCurrencies({ SCRIP_CURRENCIES: "eur" })).toThrow(/eur/);
    expect(() => getEnabledCurrencies({ SCRIP_CURRENCIES: "EUR,EUR" })).toThrow(/twice/);
  });

  it("refuses to issue in a supported but not enabled currency, before anything is written", async () => {
    expect(() =>
      prepareIssuance(actorOf(alice), { amountMinor: 100n, currency: "GBP", expiresInDays: 30 }),
    ).toThrow(expect.objectContaining({ code: "INVALID_CURRENCY" }));
    // A request signed for GBP (as an old prepared operation would be) is refused too.
    const eur = prepareIssuance(actorOf(alice), { amountMinor: 100n, currency: "EUR", expiresInDays: 30 });
    const operation = { ...eur.operation, currency: "GBP" };
    const authorization = await authorize(t.db, alice, operation);
    const before = await count("issuance_requests");
    await expectAppError(
      requestIssuance(t.db, actorOf(alice), {
        couponId: eur.couponId,
        amountMinor: 100n,
        currency: "GBP",
        expiresInDays: 30,
        authorization,
      }),
      "INVALID_CURRENCY",
    );
    expect(await count("issuance_requests")).toBe(before);
  });

  it("refuses to approve a request in a currency the operator has since disabled", async () => {
    const input = { amountMinor: 40_000n, currency: "JPY", expiresInDays: 30 };
    const { couponId, operation } = prepareIssuance(actorOf(alice), input);
    const awaiting = await requestIssuance(t.db, actorOf(alice), {
      couponId,
      ...input,
      authorization: await authorize(t.db, alice, operation),
    });
    expect(awaiting.status).toBe("awaiting_approval");
    const admin = await createTestUser(t.db, { isAdmin: true });
    process.env.SCRIP_CURRENCIES = "EUR,USD";
    try {
      await expectAppError(
        approveIssuance(t.db, actorOf(admin, { isAdmin: true }), { requestId: awaiting.requestId }),
        "INVALID_CURRENCY",
      );
    } finally {
      process.env.SCRIP_CURRENCIES = "EUR,USD,JPY";
    }
  });

  it("refuses a shop in a currency that is not enabled", async () => {
    const before = await count("shops");
    await expectAppError(
      createShop(t.db, actorOf(alice), { name: "Pound shop", slug: "pound-shop", currency: "GBP" }),
      "INVALID_CURRENCY",
    );
    expect(await count("shops")).toBe(before);
  });

  it("refuses a payment request in a currency that is not enabled, also for a shop created before", async () => {
    const partyId = await insertParty(t.db, "shop");
    const shopId = newId("shop");
    await t.db
      .insert(shops)
      .values({ id: shopId, partyId, name: "Old", slug: "old-gbp-shop", currency: "GBP" });
    const { createApiKey } = await import("../../lib/api-keys/create-api-key");
    const { systemActor } = await import("../../lib/auth/actor");
    const { key } = await createApiKey(t.db, systemActor("test"), {
      shopId,
      name: "k",
      scopes: ["payments"],
    });
    const before = await count("payment_requests");
    const response = await postPaymentRequest(key, { ...paymentBody, currency: "GBP" });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: "INVALID_CURRENCY" } });
    expect(await count("payment_requests")).toBe(before);
  });

  it("offers credit only in the enabled currencies", async () => {
    const left = await getCreditLeft(t.db, actorOf(alice));
    expect(left.map((row) => row.currency)).toEqual(["EUR", "USD", "JPY"]);
  });
});

describe("payment request maximum", () => {
  it("refuses an amount no payment could cover (the coupon maximum times the coupons a payment may use)", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const before = await count("payment_requests");
    // 1000 EUR per coupon, at most 20 coupons per payment: 20 000.00 EUR.
    const over = await postPaymentRequest(shop.key, { ...paymentBody, amountMinor: "2000001" });
    expect(over.status).toBe(422);
    expect(over.json).toMatchObject({ error: { code: "LIMIT_EXCEEDED" } });
    const huge = await postPaymentRequest(shop.key, { ...paymentBody, amountMinor: "999999999999999999" });
    expect(huge.status).toBe(422);
    expect(await count("payment_requests")).toBe(before);
    const most = await postPaymentRequest(shop.key, { ...paymentBody, amountMinor: "2000000" });
    expect(most.status).toBe(201);
  });
});
