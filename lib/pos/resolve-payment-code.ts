import "server-only";
import { and, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentRequests } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { AppError } from "@/lib/errors";
import { parseShortCode } from "./short-code";

/**
 * The open till payment request a typed code names, for the person who will pay it: a code that is malformed,
 * unknown, paid, cancelled, expired or addressed to someone else is "not valid" alike, so trying codes tells
 * nothing. Counted per person and client address (`payment.code`) before the lookup.
 */
export async function resolvePaymentCode(
  db: DbOrTx,
  actor: Actor,
  input: { code: unknown; ip: string | null; now?: Date },
): Promise<{ paymentRequestId: string }> {
  requirePermission(actor, "coupons.transfer");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person pays at a till.");
  await limitAttempt(db, "payment.code", { ip: input.ip, accountId: actor.userId });
  const invalid = new AppError(
    "VALIDATION_FAILED",
    "That code is not valid. Check it on the till's screen: six letters and digits.",
  );
  const code = parseShortCode(input.code);
  if (!code) throw invalid;
  const [row] = await db
    .select({ id: paymentRequests.id, payerPartyId: paymentRequests.payerPartyId })
    .from(paymentRequests)
    .where(
      and(
        eq(paymentRequests.shortCode, code),
        eq(paymentRequests.status, "open"),
        gt(paymentRequests.expiresAt, input.now ?? new Date()),
      ),
    );
  if (!row || (row.payerPartyId !== null && row.payerPartyId !== actor.partyId)) throw invalid;
  return { paymentRequestId: row.id };
}
