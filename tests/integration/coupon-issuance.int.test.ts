import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, coupons, issuanceRequests, issuerKeys, partyCreditLimits } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { checkCoupon } from "../../lib/coupons/check-coupon";
import { getCouponToken } from "../../lib/coupons/get-coupon-token";
import { revealOperation } from "../../lib/coupons/operations";
import { verifyCouponToken } from "../../lib/coupons/verify-coupon-token";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { approveIssuance, rejectIssuance } from "../../lib/issuance/decide-issuance";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { getJwks } from "../../lib/keys/get-jwks";
import { clearSigningKeyCache } from "../../lib/keys/get-signing-key";
import { loadIssuerKeys } from "../../lib/keys/load-issuer-keys";
import { rotateIssuerKey } from "../../lib/keys/rotate-issuer-key";
import {
  actorOf,
  authorize,
  createUsers,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  setupCouponEnvironment,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { shopActorFixture } from "../support/shop-actor";

let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
  admin = await createTestUser(t.db, { isAdmin: true });
});
afterAll(async () => {
  await t?.destroy();
});

async function request(user: TestUser, amountMinor: bigint, currency = "EUR") {
  const input = { amountMinor, currency, expiresInDays: 30 };
  const { couponId, operation } = prepareIssuance(actorOf(user), input);
  return requestIssuance(t.db, actorOf(user), {
    couponId,
    ...input,
    authorization: await authorize(t.db, user, operation),
  });
}

describe("issuance", () => {
  it("issues below the threshold: value signed by the value key, owner part by the requester's passkey", async () => {
    const result = await request(alice, 2500n);
    expect(result.status).toBe("issued");
    if (result.status !== "issued") return;
    expect(result.coupon).toMatchObject({
      ownerPartyId: alice.partyId,
      requesterPartyId: alice.partyId,
      version: 1,
      funded: false,
    });
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, result.coupon.id));
    expect(row?.ownerAttestation).toMatchObject({ basis: "passkey" });
    const keys = await t.db.select().from(issuerKeys);
    expect(keys.map((key) => key.purpose).sort()).toEqual(["owner_attestation", "value"]);
    expect(row?.valueKid).toBe(keys.find((key) => key.purpose === "value")?.id);
    expect(keys.every((key) => !key.privateKeyEncrypted.includes("PRIVATE"))).toBe(true);
    expect(await verifyCouponHistory(t.db, result.coupon.id)).toEqual({ ok: true, problems: [] });
  });

  it("waits for approval above the threshold; approve issues, reject refuses; each decision happens once", async () => {
    const waiting = await request(alice, 50_000n);
    expect(waiting.status).toBe("awaiting_approval");
    if (waiting.status !== "awaiting_approval") return;
    expect(await t.db.select().from(coupons).where(eq(coupons.id, waiting.couponId))).toEqual([]);
    await expectAppError(approveIssuance(t.db, actorOf(bob), { requestId: waiting.requestId }), "FORBIDDEN");
    const coupon = await approveIssuance(t.db, actorOf(admin, { isAdmin: true }), {
      requestId: waiting.requestId,
      reason: "known customer",
    });
    expect(coupon).toMatchObject({ id: waiting.couponId, ownerPartyId: alice.partyId, amountMinor: 50_000n });
    await expectAppError(
      approveIssuance(t.db, actorOf(admin, { isAdmin: true }), { requestId: waiting.requestId }),
      "CONFLICT",
    );
    await expectAppError(
      rejectIssuance(t.db, actorOf(admin, { isAdmin: true }), {
        requestId: waiting.requestId,
        reason: "too late",
      }),
      "CONFLICT",
    );
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });

    const refused = await request(alice, 60_000n);
    if (refused.status !== "awaiting_approval") throw new Error("expected approval");
    await expectAppError(
      rejectIssuance(t.db, actorOf(admin, { isAdmin: true }), { requestId: refused.requestId, reason: " " }),
      "VALIDATION_FAILED",
    );
    await rejectIssuance(t.db, actorOf(admin, { isAdmin: true }), {
      requestId: refused.requestId,
      reason: "unusual amount",
    });
    const [row] = await t.db
      .select()
      .from(issuanceRequests)
      .where(eq(issuanceRequests.id, refused.requestId));
    expect(row).toMatchObject({
      status: "rejected",
      reason: "unusual amount",
      decidedByUserId: admin.userId,
    });
    await expectAppError(
      approveIssuance(t.db, actorOf(admin, { isAdmin: true }), { requestId: refused.requestId }),
      "CONFLICT",
    );
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, refused.requestId));
    expect(audit.map((entry) => entry.action)).toEqual(["issuance.rejected"]);
  });

  it("refuses above the per-coupon maximum, over the credit limit, and over the request rate — changing nothing", async () => {
    const carol = await createTestUser(t.db);
    await t.db
      .insert(partyCreditLimits)
      .values({ partyId: carol.partyId, currency: "EUR", limitMinor: 3000n });
    const before = await snapshotCouponData(t.db);
    await expectAppError(request(carol, 100_001n), "COUPON_MAXIMUM_EXCEEDED");
    await expectAppError(request(carol, 3001n), "CREDIT_LIMIT_EXCEEDED");
    expect(await snapshotCouponData(t.db)).toEqual(before);
    await request(carol, 2000n);
    await expectAppError(request(carol, 1001n), "CREDIT_LIMIT_EXCEEDED");
    await request(carol, 1000n);

    process.env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR = "2";
    try {
      const dave = await createTestUser(t.db);
      await request(dave, 100n);
      await request(dave, 100n);
      const rateBefore = await snapshotCouponData(t.db);
      await expectAppError(request(dave, 100n), "RATE_LIMITED");
      expect(await snapshotCouponData(t.db)).toEqual(rateBefore);
    } finally {
      process.env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR = "100000";
    }
  });

  it("counts funded but unbilled value against the credit limit", async () => {
    const erin = await createTestUser(t.db);
    await t.db
      .insert(partyCreditLimits)
      .values({ partyId: erin.partyId, currency: "EUR", limitMinor: 1500n });
    const coupon = await issueTestCoupon(t.db, erin, { amountMinor: 1000n });
    await giveTestCoupon(t.db, erin, bob, coupon);
    await expectAppError(request(erin, 600n), "CREDIT_LIMIT_EXCEEDED");
    await request(erin, 500n);
  });

  it("refuses a shop actor and the reuse of a reserved coupon id", async () => {
    const shop = await shopActorFixture(t.db);
    expect(() => prepareIssuance(shop, { amountMinor: 100n, currency: "EUR", expiresInDays: 1 })).toThrow(
      /not allowed/,
    );
    const input = { amountMinor: 100n, currency: "EUR", expiresInDays: 30 };
    const { couponId, operation } = prepareIssuance(actorOf(alice), input);
    await requestIssuance(t.db, actorOf(alice), {
      couponId,
      ...input,
      authorization: await authorize(t.db, alice, operation),
    });
    await expectAppError(
      requestIssuance(t.db, actorOf(alice), {
        couponId,
        ...input,
        authorization: await authorize(t.db, alice, operation),
      }),
      "CONFLICT",
    );
  });
});

describe("issuer keys and tokens", () => {
  it("publishes both keys as Ed25519 JWKs with kids and purposes", async () => {
    const jwks = await getJwks(t.db);
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", use: "sig", alg: "EdDSA" });
      expect(Buffer.from(key.x, "base64url")).toHaveLength(32);
      expect(key).not.toHaveProperty("d");
    }
    expect(new Set(jwks.keys.map((key) => key.purpose))).toEqual(new Set(["value", "owner_attestation"]));
  });

  it("gives the owner a compact token that verifies offline and online; others get nothing", async () => {
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 777n });
    await expectAppError(getCouponToken(t.db, actorOf(bob), { couponId: coupon.id }), "NOT_FOUND");
    await expectAppError(
      getCouponToken(t.db, actorOf(alice), { couponId: coupon.id, authorization: {} }),
      "STEP_UP_INVALID",
    );
    const authorization = await authorize(t.db, alice, revealOperation({ couponId: coupon.id, version: 1 }));
    const { token } = await getCouponToken(t.db, actorOf(alice), { couponId: coupon.id, authorization });
    expect(token.length).toBeLessThanOrEqual(1024);
    expect(token).toMatch(/^scrip1(\.[A-Za-z0-9_-]+){4}$/);
    const keys = await loadIssuerKeys(t.db);
    const verified = verifyCouponToken(token, { keys });
    expect(verified.status).toBe("valid");
    expect(verified.coupon?.value).toMatchObject({ couponId: coupon.id, amountMinor: 777n, currency: "EUR" });
    expect(verified.coupon?.owner).toMatchObject({ ownerPartyId: alice.partyId, version: 1 });
    expect(verifyCouponToken(token, { keys, now: new Date(Date.now() + 31 * 86_400_000) }).status).toBe(
      "expired",
    );

    const check = await checkCoupon(t.db, token);
    expect(check.live).toMatchObject({
      ownerPartyId: alice.partyId,
      version: 1,
      status: "active",
      current: true,
      pendingTransfer: null,
    });
    await giveTestCoupon(t.db, alice, bob, coupon);
    const after = await checkCoupon(t.db, token);
    expect(after.offline.status).toBe("valid");
    expect(after.live).toMatchObject({ ownerPartyId: bob.partyId, version: 2, current: false });
  });

  it("rotates keys: admin only, new coupons use the new key, old tokens still verify", async () => {
    const before = await issueTestCoupon(t.db, alice);
    const [oldRow] = await t.db.select().from(coupons).where(eq(coupons.id, before.id));
    await expectAppError(rotateIssuerKey(t.db, actorOf(alice), "value"), "FORBIDDEN");
    const rotated = await rotateIssuerKey(t.db, actorOf(admin, { isAdmin: true }), "value");
    expect(rotated.retiredKid).toBe(oldRow?.valueKid);
    clearSigningKeyCache();
    const after = await issueTestCoupon(t.db, alice);
    const [newRow] = await t.db.select().from(coupons).where(eq(coupons.id, after.id));
    expect(newRow?.valueKid).toBe(rotated.kid);
    const jwks = await getJwks(t.db);
    expect(jwks.keys.find((key) => key.kid === rotated.retiredKid)?.status).toBe("retired");
    const active = await t.db.select().from(issuerKeys).where(eq(issuerKeys.status, "active"));
    expect(active.map((key) => key.purpose).sort()).toEqual(["owner_attestation", "value"]);
    expect(await verifyCouponHistory(t.db, before.id)).toEqual({ ok: true, problems: [] });
    expect(await verifyCouponHistory(t.db, after.id)).toEqual({ ok: true, problems: [] });
  });

  it("ends with a clean ledger", async () => {
    await expectLedgerClean(t.db);
  });
});
