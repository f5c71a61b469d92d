import "server-only";
import { asc, desc } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { issuerKeys } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { IssuerKeyPurpose } from "./key-ring";

/** Upper bound on keys listed (rotation is rare; this is never reached in practice). */
const listedKeysMax = 500;

export interface IssuerKeySummary {
  kid: string;
  purpose: IssuerKeyPurpose;
  status: "active" | "retired";
  /** base64url Ed25519 public key (the JWK `x`); never the private key. */
  publicKey: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** Admins only (`admin.read`): the issuer's keys by purpose, active first then newest — public halves only. */
export async function listIssuerKeys(db: DbOrTx, actor: Actor): Promise<IssuerKeySummary[]> {
  requirePermission(actor, "admin.read");
  return db
    .select({
      kid: issuerKeys.id,
      purpose: issuerKeys.purpose,
      status: issuerKeys.status,
      publicKey: issuerKeys.publicKey,
      createdAt: issuerKeys.createdAt,
      retiredAt: issuerKeys.retiredAt,
    })
    .from(issuerKeys)
    .orderBy(asc(issuerKeys.purpose), asc(issuerKeys.status), desc(issuerKeys.createdAt))
    .limit(listedKeysMax);
}
