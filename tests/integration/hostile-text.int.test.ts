/**
 * Hostile text (issue #13, hole 7): a NUL byte, another control character or, in names people see, a bidi
 * override in any free-text field is a 400 VALIDATION_FAILED with a plain message, through server actions, the
 * public sign-up route and the REST API — never a 500 — and nothing is written.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { revokeCouponAction } from "../../app/(admin)/admin/coupons/actions";
import { createApiKeyAction } from "../../app/(merchant)/merchant/[slug]/developers/actions";
import { createShopAction, saveProductAction } from "../../app/(merchant)/merchant/actions";
import { findRecipientAction } from "../../app/(wallet)/wallet/coupon-actions";
import { renamePasskeyAction } from "../../app/(wallet)/wallet/settings/security/actions";
import { POST as signUpOptionsRoute } from "../../app/api/auth/passkey/sign-up/options/route";
import { POST as createPaymentRequestRoute } from "../../app/api/v1/payment-requests/route";
import { POST as couponStatusRoute } from "../../app/api/wallet/coupon-status/route";
import { passkeys, paymentRequests, shops } from "../../db/schema";
import type { ActionResult } from "../../lib/auth/action-result";
import { call, shopWithKey } from "../support/api-client";
import { couponTestDatabaseForFile } from "../support/coupon-fixtures";
import { matrixCaller } from "../support/matrix";
import { createShopWithProducts } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

/** Text that must be refused everywhere, and text that must be refused in names people see. */
const controlText = ["Caf\u0000e", "Bell\u0007", "Esc\u001b[31m", "Del\u007f", "Nel\u0085", "Half\ud800"];
const deceptiveText = ["Eve\u202egnp.exe", "Eve\u2066x\u2069", "Zero\u200bwidth", "Mark\u200fed"];

function expectRefused(result: ActionResult<unknown>, what: string, field: RegExp) {
  expect(result.ok, what).toBe(false);
  if (result.ok) return;
  expect(result.error.code, what).toBe("VALIDATION_FAILED");
  expect(result.error.message, what).toMatch(field);
  expect(result.error.message).not.toMatch(/invalid byte|postgres|sql/i);
}

const post = (url: string, body: unknown) =>
  new Request(`http://localhost:3000${url}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("hostile text is a 400, never a 500, and changes nothing", () => {
  it("sign-up: display names with control or invisible characters", async () => {
    for (const displayName of [...controlText, ...deceptiveText]) {
      const response = await signUpOptionsRoute.run(
        { db: t.db, meta: { ip: "203.0.113.1", userAgent: null } },
        post("/api/auth/passkey/sign-up/options", { handle: "hostile_text", displayName }),
      );
      expect(response.status, JSON.stringify(displayName)).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(body.error.message).toMatch(/display name/i);
    }
  });

  it("shop and product names, and product descriptions", async () => {
    const person = await matrixCaller(t.db, {});
    for (const name of [...controlText, ...deceptiveText]) {
      const slug = `hostile-${Math.floor(Math.random() * 1e9)}`;
      const result = await createShopAction.run(person.context, { name, slug, currency: "EUR" });
      expectRefused(result, `shop ${JSON.stringify(name)}`, /shop name/i);
      expect(await t.db.select().from(shops).where(eq(shops.slug, slug))).toHaveLength(0);
    }
    const owner = await matrixCaller(t.db, {});
    if (!owner.user) throw new Error("a signed-in caller has a user");
    const shop = await createShopWithProducts(t.db, owner.user, []);
    const product = { slug: shop.slug, description: "", price: "1.00", active: true, stock: null };
    for (const name of [...controlText, ...deceptiveText]) {
      const result = await saveProductAction.run(owner.context, { ...product, name });
      expectRefused(result, `product ${JSON.stringify(name)}`, /product name/i);
    }
    for (const description of controlText) {
      const result = await saveProductAction.run(owner.context, { ...product, name: "Tea", description });
      expectRefused(result, `description ${JSON.stringify(description)}`, /description/i);
    }
    // A description keeps its line breaks.
    const fine = await saveProductAction.run(owner.context, {
      ...product,
      name: "Tea",
      description: "Hot.\nGreen.",
    });
    expect(fine.ok).toBe(true);
    // An API key's name too.
    const apiKey = await createApiKeyAction.run(owner.context, {
      shopId: shop.shopId,
      name: "Till\u0000",
      scopes: ["read"],
    });
    expectRefused(apiKey, "API key name", /name/i);
  });

  it("passkey names, recipient handles, coupon ids and an admin's reason", async () => {
    const person = await matrixCaller(t.db, {});
    if (!person.user) throw new Error("a signed-in caller has a user");
    const [passkey] = await t.db.select().from(passkeys).where(eq(passkeys.userId, person.user.userId));
    for (const name of [...controlText, ...deceptiveText]) {
      const result = await renamePasskeyAction.run(person.context, { passkeyId: passkey?.id ?? "x", name });
      expectRefused(result, `passkey ${JSON.stringify(name)}`, /passkey name/i);
    }
    expectRefused(
      await findRecipientAction.run(person.context, { handle: "bob\u0000" }),
      "handle",
      /handle/i,
    );
    const status = await couponStatusRoute.run(
      person.context,
      post("/api/wallet/coupon-status", { couponId: "cpn_\u0000" }),
    );
    expect(status.status).toBe(400);
    const admin = await matrixCaller(t.db, { isAdmin: true });
    expectRefused(
      await revokeCouponAction.run(admin.context, { couponId: "cpn_x", reason: "fraud\u0000", stepUp: {} }),
      "reason",
      /reason/i,
    );
  });

  it("REST API: orderReference with a NUL byte or a bidi override is a 400 and creates no payment request", async () => {
    const shop = await shopWithKey(t.db);
    for (const [index, orderReference] of ["A-1\u0000", "A-1\u202e", "A\u001b1"].entries()) {
      const response = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
        key: shop.key,
        idempotencyKey: `hostile-${index}`,
        body: { amountMinor: "500", currency: "EUR", orderReference, returnUrl: "https://shop.example/done" },
      });
      expect(response.status, JSON.stringify(orderReference)).toBe(400);
      expect(response.json).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
    }
    const returnUrl = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      idempotencyKey: "hostile-url",
      body: {
        amountMinor: "500",
        currency: "EUR",
        orderReference: "A-2",
        returnUrl: "https://shop.example/\u0000",
      },
    });
    expect(returnUrl.status).toBe(400);
    expect(
      await t.db.select().from(paymentRequests).where(eq(paymentRequests.shopId, shop.shopId)),
    ).toHaveLength(0);
  });
});
