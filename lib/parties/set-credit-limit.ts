import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction } from "@/lib/coupons/in-transaction";
import { AppError } from "@/lib/errors";
import { maxAmountMinor } from "@/lib/money/money";
import { lockPartyOrThrow } from "./lock-party";
import { requireReason } from "./reason";

/**
 * Admins only (`parties.write`, with a reason): sets the most unfunded + unbilled value a party may hold as
 * requester (minor units, per currency), or null for the default. Lowering it never touches coupons already
 * issued; it only refuses new requests above it. Audited with the old and new limit in the same transaction.
 */
export async function setCreditLimit(
  db: DbOrTx,
  actor: Actor,
  input: { partyId: string; limitMinor: bigint | null; reason: string; ip?: string | null },
): Promise<{ partyId: string; limitMinor: bigint | null }> {
  requirePermission(actor, "parties.write");
  const reason = requireReason(input.reason);
  const limit = input.limitMinor;
  if (limit !== null && (typeof limit !== "bigint" || limit < 0n || limit > maxAmountMinor)) {
    throw new AppError("INVALID_AMOUNT", "A credit limit is a whole, non-negative number of minor units.");
  }
  return inTransaction(db, async (tx) => {
    const party = await lockPartyOrThrow(tx, input.partyId);
    await tx.update(parties).set({ creditLimitMinor: limit }).where(eq(parties.id, party.id));
    await recordAuditEvent(tx, {
      action: "party.credit_limit_set",
      actor,
      targetType: "party",
      targetId: party.id,
      reason,
      ip: input.ip,
      data: {
        fromMinor: party.creditLimitMinor?.toString() ?? null,
        toMinor: limit?.toString() ?? null,
      },
    });
    return { partyId: party.id, limitMinor: limit };
  });
}
