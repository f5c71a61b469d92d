import "server-only";
import type { DbOrTx } from "@/db/client";
import type { TerminalJwk } from "@/lib/terminal/terminal-types";
import { getSigningKey } from "./get-signing-key";
import { loadIssuerKeys } from "./load-issuer-keys";

/** One published key (the terminal's contract type: the same JSON the JWKS endpoint serves). */
export type IssuerJwk = TerminalJwk;

/** The issuer's published public keys as a JWK Set (active and retired, so old coupons keep verifying). */
export async function getJwks(db: DbOrTx): Promise<{ keys: IssuerJwk[] }> {
  // Both keys exist from the first request on, so verifiers can fetch them before any coupon is issued.
  await getSigningKey(db, "value");
  await getSigningKey(db, "owner_attestation");
  const ring = await loadIssuerKeys(db);
  return {
    keys: [...ring.values()].map((key) => ({
      kty: "OKP",
      crv: "Ed25519",
      x: key.x,
      kid: key.kid,
      use: "sig",
      alg: "EdDSA",
      purpose: key.purpose,
      status: key.status,
    })),
  };
}
