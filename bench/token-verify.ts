import { verify } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { coupons } from "../db/schema";
import { couponTokenOf } from "../lib/coupons/get-coupon-token";
import { verifyCouponToken } from "../lib/coupons/verify-coupon-token";
import { loadIssuerKeys } from "../lib/keys/load-issuer-keys";
import { createBenchUsers, issueBenchCoupon } from "./owner-change";
import { median } from "./stats";

function perSecond(iterations: number, body: () => void): number {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) body();
  return iterations / ((performance.now() - started) / 1000);
}

/**
 * verifyCouponToken on one core against raw node:crypto Ed25519 verification of the same signed bytes (the
 * value payload and the owner payload, two signatures, as the token carries), with the same KeyObjects.
 */
export async function runTokenVerifyScenario(db: Db, options: { iterations: number; runs: number }) {
  const [owner] = await createBenchUsers(db, 1);
  if (!owner) throw new Error("no bench user");
  const couponId = await issueBenchCoupon(db, owner, "EUR");
  const [row] = await db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!row) throw new Error("bench coupon missing");
  const token = couponTokenOf(row);
  const keys = await loadIssuerKeys(db);
  const now = new Date();
  const check = verifyCouponToken(token, { keys, now });
  if (check.status !== "valid") throw new Error(`bench token does not verify: ${check.status}`);
  const [, valueText, valueSig, ownerText, ownerSig] = token.split(".") as [
    string,
    string,
    string,
    string,
    string,
  ];
  const valueKey = keys.get(check.coupon.value.kid)?.key;
  const ownerKey = keys.get(check.coupon.owner.kid)?.key;
  if (!valueKey || !ownerKey) throw new Error("bench keys missing");
  const valueBytes = Buffer.from(valueText, "base64url");
  const ownerBytes = Buffer.from(ownerText, "base64url");
  const valueSignature = Buffer.from(valueSig, "base64url");
  const ownerSignature = Buffer.from(ownerSig, "base64url");

  const ours: number[] = [];
  const baseline: number[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const raw = perSecond(options.iterations, () => {
      if (
        !verify(null, valueBytes, valueKey, valueSignature) ||
        !verify(null, ownerBytes, ownerKey, ownerSignature)
      ) {
        throw new Error("raw verify failed");
      }
    });
    const scrip = perSecond(options.iterations, () => {
      if (verifyCouponToken(token, { keys, now }).status !== "valid")
        throw new Error("verifyCouponToken failed");
    });
    baseline.push(raw);
    ours.push(scrip);
    ratios.push(scrip / raw);
  }
  return { ours: median(ours), baseline: median(baseline), ratio: median(ratios) };
}
