import "server-only";
import type { DbOrTx } from "@/db/client";
import { issuerKeys } from "@/db/schema";
import { type IssuerPublicKey, publicKeyObject } from "./key-ring";

/** Upper bound on published keys read at once: rotation is rare, so this is never reached in practice. */
const maxPublishedKeys = 1000;

/**
 * Every published issuer public key (active and retired) by kid, with cached KeyObjects. Retired keys stay
 * here so coupons signed before a rotation keep verifying.
 */
export async function loadIssuerKeys(db: DbOrTx): Promise<Map<string, IssuerPublicKey>> {
  const rows = await db
    .select({
      kid: issuerKeys.id,
      purpose: issuerKeys.purpose,
      status: issuerKeys.status,
      x: issuerKeys.publicKey,
    })
    .from(issuerKeys)
    .orderBy(issuerKeys.createdAt)
    .limit(maxPublishedKeys);
  const ring = new Map<string, IssuerPublicKey>();
  for (const row of rows) ring.set(row.kid, { ...row, key: publicKeyObject(row.kid, row.x) });
  return ring;
}
