import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { checkCoupon } from "../../lib/coupons/check-coupon";
import { couponQrTextOf, couponTokenOf } from "../../lib/coupons/get-coupon-token";
import { verifyCouponToken } from "../../lib/coupons/verify-coupon-token";
import { loadIssuerKeys } from "../../lib/keys/load-issuer-keys";
import { rotateIssuerKey } from "../../lib/keys/rotate-issuer-key";
import {
  actorOf,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
let alice: TestUser;
let mallory: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice, mallory] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
});
afterAll(async () => {
  await t?.destroy();
});

const b64 = (text: string) => Buffer.from(text).toString("base64url");
const unb64 = (text: string) => Buffer.from(text, "base64url").toString("utf8");

describe("tampered tokens", () => {
  it("detects changes to the value, the owner, either signature and the kid; malformed input is malformed", async () => {
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 500n });
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    const token = couponTokenOf(row!);
    const keys = await loadIssuerKeys(t.db);
    expect(verifyCouponToken(token, { keys }).status).toBe("valid");
    const [prefix, value, valueSig, owner, ownerSig] = token.split(".") as [
      string,
      string,
      string,
      string,
      string,
    ];
    const join = (...parts: string[]) => parts.join(".");
    const richer = b64(unb64(value).replace('"a":"500"', '"a":"50000"'));
    const stolen = b64(unb64(owner).replace(alice.partyId, mallory.partyId));
    const flipped = `${valueSig.slice(0, 10)}${valueSig[10] === "A" ? "B" : "A"}${valueSig.slice(11)}`;
    const valueKid = JSON.parse(unb64(value)).k as string;
    const ownerKid = JSON.parse(unb64(owner)).k as string;
    expect(verifyCouponToken(join(prefix, richer, valueSig, owner, ownerSig), { keys }).status).toBe(
      "bad_signature",
    );
    expect(verifyCouponToken(join(prefix, value, valueSig, stolen, ownerSig), { keys }).status).toBe(
      "bad_signature",
    );
    expect(verifyCouponToken(join(prefix, value, flipped, owner, ownerSig), { keys }).status).toBe(
      "bad_signature",
    );
    expect(verifyCouponToken(join(prefix, value, valueSig, owner, valueSig), { keys }).status).toBe(
      "bad_signature",
    );
    const unknownKid = b64(unb64(value).replace(valueKid, "isk_AAAAAAAAAAAAAAAAAAAAAA"));
    expect(verifyCouponToken(join(prefix, unknownKid, valueSig, owner, ownerSig), { keys }).status).toBe(
      "unknown_key",
    );
    // The owner-attestation kid in the value part: a real key, but of the wrong purpose.
    const wrongPurpose = b64(unb64(value).replace(valueKid, ownerKid));
    expect(verifyCouponToken(join(prefix, wrongPurpose, valueSig, owner, ownerSig), { keys }).status).toBe(
      "unknown_key",
    );
    // A real value key of the right purpose that did not sign it.
    const admin = await createTestUser(t.db, { isAdmin: true });
    const rotated = await rotateIssuerKey(t.db, actorOf(admin, { isAdmin: true }), "value");
    const newKeys = await loadIssuerKeys(t.db);
    const otherKey = b64(unb64(value).replace(valueKid, rotated.kid));
    expect(
      verifyCouponToken(join(prefix, otherKey, valueSig, owner, ownerSig), { keys: newKeys }).status,
    ).toBe("bad_signature");
    expect(verifyCouponToken(token, { keys: newKeys }).status).toBe("valid");

    for (const bad of [
      "",
      "scrip1",
      token.replace("scrip1", "scrip2"),
      join(prefix, value, valueSig, owner),
      `${token}.x`,
      join(prefix, "!!!", valueSig, owner, ownerSig),
      join(prefix, b64("[]"), valueSig, owner, ownerSig),
      join(prefix, b64('{"k":1}'), valueSig, owner, ownerSig),
      join(prefix, b64(unb64(value).replace('"a":"500"', '"a":"-5"')), valueSig, owner, ownerSig),
      join(prefix, value, valueSig, b64(unb64(owner).replace(coupon.id, "cpn_other")), ownerSig),
      token + "A".repeat(1024),
      42,
      null,
    ]) {
      expect(verifyCouponToken(bad, { keys }).status).toBe("malformed");
    }
    const checked = await checkCoupon(t.db, join(prefix, richer, valueSig, owner, ownerSig));
    expect(checked).toEqual({ offline: { status: "bad_signature" }, live: null });
  });
});

describe("the short form a QR code carries", () => {
  it("gets the same offline verdict and live answer as the token, and no answer once changed", async () => {
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 650n });
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    const short = couponQrTextOf(row!);
    expect(short).toMatch(/^SCRIP2\.[A-Z2-7]+$/);
    const fromShort = await checkCoupon(t.db, short);
    expect(fromShort.offline.status).toBe("valid");
    expect(fromShort.live?.current).toBe(true);
    expect(fromShort).toEqual(await checkCoupon(t.db, couponTokenOf(row!)));
    const changed = `${short.slice(0, 60)}${short[60] === "A" ? "B" : "A"}${short.slice(61)}`;
    expect(await checkCoupon(t.db, changed)).toMatchObject({ live: null });
  });
});

describe("after tampering", () => {
  it("ends with a clean ledger", async () => {
    await expectLedgerClean(t.db);
  });
});
