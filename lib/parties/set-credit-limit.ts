import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { partyCreditLimits } from "@/db/schema";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { toEnabledCurrency } from "@/lib/money/enabled-currencies";
import { formatMoney, maxAmountMinor, moneyOf } from "@/lib/money/money";
import { lockPartyOrThrow } from "./lock-party";
import { requireReason } from "./reason";

/**
 * Admins only (`parties.write`, with a reason, never on their own party): sets the most unfunded + unbilled +
 * billed-but-unpaid value a party may hold as requester in one enabled currency (minor units), or null for that
 * currency's default. Lowering it never touches coupons already issued; it only refuses new requests above it.
 * Audited with the old and new limit in the same transaction.
 */
export async function setCreditLimit(
  db: DbOrTx,
  actor: Actor,
  input: { partyId: string; currency: string; limitMinor: bigint | null; reason: string; ip?: string | null },
): Promise<{ partyId: string; currency: string; limitMinor: bigint | null }> {
  requirePermission(actor, "parties.write");
  const reason = requireReason(input.reason);
  const currency = toEnabledCurrency(input.currency);
  const limit = input.limitMinor;
  if (limit !== null && (typeof limit !== "bigint" || limit < 0n || limit > maxAmountMinor)) {
    throw new AppError(
      "INVALID_AMOUNT",
      `A credit limit is zero or more and at most ${formatMoney(moneyOf(maxAmountMinor, currency))}.`,
    );
  }
  return inTransaction(db, async (tx) => {
    const party = await lockPartyOrThrow(tx, input.partyId);
    await assertNotOwnParty(tx, actor, [party.id]);
    const where = and(eq(partyCreditLimits.partyId, party.id), eq(partyCreditLimits.currency, currency));
    const [before] = await tx
      .select({ limitMinor: partyCreditLimits.limitMinor })
      .from(partyCreditLimits)
      .where(where);
    if (limit === null) {
      await tx.delete(partyCreditLimits).where(where);
    } else {
      await tx
        .insert(partyCreditLimits)
        .values({ partyId: party.id, currency, limitMinor: limit })
        .onConflictDoUpdate({
          target: [partyCreditLimits.partyId, partyCreditLimits.currency],
          set: { limitMinor: limit, updatedAt: sql`now()` },
        });
    }
    await recordAuditEvent(tx, {
      action: "party.credit_limit_set",
      actor,
      targetType: "party",
      targetId: party.id,
      reason,
      ip: input.ip,
      data: {
        currency,
        fromMinor: before?.limitMinor.toString() ?? null,
        toMinor: limit?.toString() ?? null,
      },
    });
    return { partyId: party.id, currency, limitMinor: limit };
  });
}
