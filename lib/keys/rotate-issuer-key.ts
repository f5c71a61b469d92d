import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { issuerKeys } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { clearSigningKeyCache, insertIssuerKey, lockKeyPurpose } from "./get-signing-key";
import type { IssuerKeyPurpose } from "./key-ring";

/**
 * Admin only (`keys.rotate`): makes a new active key for `purpose` and retires the old one, which stays
 * published so everything it signed keeps verifying. Audited (with the admin's reason, when given).
 */
export async function rotateIssuerKey(
  db: DbOrTx,
  actor: Actor,
  purpose: IssuerKeyPurpose,
  options: { reason?: string; ip?: string | null } = {},
): Promise<{ kid: string; retiredKid: string | null }> {
  requirePermission(actor, "keys.rotate");
  if (purpose !== "value" && purpose !== "owner_attestation") {
    throw new AppError("VALIDATION_FAILED", "Unknown key purpose.");
  }
  const result = await db.transaction(async (tx) => {
    await lockKeyPurpose(tx, purpose);
    const [retired] = await tx
      .update(issuerKeys)
      .set({ status: "retired", retiredAt: sql`now()` })
      .where(and(eq(issuerKeys.purpose, purpose), eq(issuerKeys.status, "active")))
      .returning({ kid: issuerKeys.id });
    const created = await insertIssuerKey(tx, purpose);
    await recordAuditEvent(tx, {
      action: "issuer_key.rotated",
      actor,
      targetType: "issuer_key",
      targetId: created.kid,
      reason: options.reason?.slice(0, 500),
      ip: options.ip,
      data: { purpose, retiredKid: retired?.kid ?? null },
    });
    return { kid: created.kid, retiredKid: retired?.kid ?? null };
  });
  clearSigningKeyCache();
  return result;
}
