import { eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { issuanceRequests, parties } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import type { CouponView } from "@/lib/coupons/lock-coupon";
import { issueOperation } from "@/lib/coupons/operations";
import { AppError } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { ensureLedgerAccounts } from "@/lib/ledger/ensure-ledger-accounts";
import type { Currency } from "@/lib/money/currencies";
import { assertNoOverdueInvoice } from "@/lib/parties/overdue";
import { refuseIfSuspended } from "@/lib/parties/suspension";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { insertIssuedCoupon, wholeSeconds } from "./insert-issued-coupon";
import { getIssuanceLimits } from "./issuance-limits";
import { parseIssuanceInput } from "./prepare-issuance";
import { readCredit } from "./read-credit-in-use";

export type IssuanceResult =
  | { status: "issued"; requestId: string; coupon: CouponView }
  | { status: "awaiting_approval"; requestId: string; couponId: string };

/**
 * Refuses a request that would take the party's credit in use in `currency` over its limit in that currency.
 * The party's row lock serialises this check with the party's other requests and with limit changes.
 */
async function assertWithinCreditLimit(tx: Tx, partyId: string, currency: Currency, amountMinor: bigint) {
  const [party] = await tx
    .select({ status: parties.status })
    .from(parties)
    .where(eq(parties.id, partyId))
    .for("update");
  if (!party) throw new AppError("NOT_FOUND", "No such party.");
  refuseIfSuspended(party.status, "requestIssuance");
  await assertNoOverdueInvoice(tx, partyId);
  const credit = (await readCredit(tx, partyId, [currency])).get(currency) ?? {
    limitMinor: 0n,
    usedMinor: 0n,
  };
  if (credit.usedMinor + amountMinor > credit.limitMinor) {
    throw new AppError(
      "CREDIT_LIMIT_EXCEEDED",
      "This would take you over your credit limit; wait for your next statement or request less.",
    );
  }
}

/**
 * A person asks for a coupon they will pay for when it first leaves their wallet. Enforces the per-coupon
 * maximum, the request rate, the credit limit per currency on unfunded + unbilled + billed-but-unpaid value, and a fresh passkey assertion over
 * the exact `coupon.issue` operation; above the approval threshold the request waits for an admin.
 */
export async function requestIssuance(
  db: DbOrTx,
  actor: Actor,
  input: {
    couponId: string;
    amountMinor: unknown;
    currency: unknown;
    expiresInDays: unknown;
    authorization: unknown;
    ip?: string | null;
  },
): Promise<IssuanceResult> {
  requirePermission(actor, "coupons.issue");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can request coupons.");
  if (!isId("coupon", input.couponId)) throw new AppError("VALIDATION_FAILED", "Prepare the issuance first.");
  const { amountMinor, currency, expiresInDays } = parseIssuanceInput(input);
  const limits = getIssuanceLimits();
  if (amountMinor > limits.couponMaximumMinor(currency)) {
    throw new AppError("COUPON_MAXIMUM_EXCEEDED", "This is more than a single coupon may be worth.");
  }
  await consumeRateLimit(db, {
    key: `issuance:party:${actor.partyId}`,
    limit: limits.requestsPerHour,
    windowSeconds: 3600,
  });
  const couponId = input.couponId;
  return inTransaction(db, async (tx) => {
    const operation = issueOperation({
      couponId,
      partyId: actor.partyId,
      amountMinor,
      currency,
      expiresInDays,
    });
    const authorization = await completeStepUpFor(tx, db, { actor, operation, sent: input });
    await assertWithinCreditLimit(tx, actor.partyId, currency, amountMinor);
    const [reused] = await tx
      .select({ id: issuanceRequests.id })
      .from(issuanceRequests)
      .where(eq(issuanceRequests.couponId, couponId))
      .limit(1);
    if (reused) throw new AppError("CONFLICT", "This coupon was already requested; prepare a new one.");
    const awaiting = amountMinor > limits.approvalThresholdMinor(currency);
    const requestId = newId("issuanceRequest");
    // The reserved coupon id is single use: the assertion commits to it and the step-up challenge is spent.
    await tx.insert(issuanceRequests).values({
      id: requestId,
      partyId: actor.partyId,
      requestedByUserId: actor.userId,
      amountMinor,
      currency,
      expiresInDays,
      status: awaiting ? "awaiting_approval" : "issued",
      authorization,
      couponId,
      decidedAt: awaiting ? null : sql`now()`,
    });
    if (awaiting) return { status: "awaiting_approval", requestId, couponId };
    const coupon = await issueFromRequest(tx, {
      requestId,
      couponId,
      partyId: actor.partyId,
      userId: actor.userId,
      amountMinor,
      currency,
      expiresInDays,
      authorization,
    });
    return { status: "issued", requestId, coupon };
  });
}

/** Creates the coupon for an accepted request: accounts first, so the funding posting later only reads them. */
export async function issueFromRequest(
  tx: Tx,
  input: {
    requestId: string;
    couponId: string;
    partyId: string;
    userId: string | null;
    amountMinor: bigint;
    currency: string;
    expiresInDays: number;
    authorization: unknown;
    approvedByUserId?: string;
  },
): Promise<CouponView> {
  await ensureLedgerAccounts(tx, input.currency, [input.partyId]);
  const issuedAt = wholeSeconds(new Date());
  return insertIssuedCoupon(tx, {
    couponId: input.couponId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    requesterPartyId: input.partyId,
    ownerPartyId: input.partyId,
    funded: false,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + input.expiresInDays * 86_400_000),
    issuanceRequestId: input.requestId,
    ownerBasis: "passkey",
    actor: { partyId: input.partyId, userId: input.userId },
    eventData: {
      issuanceRequestId: input.requestId,
      expiresInDays: input.expiresInDays,
      authorization: input.authorization as never,
      approvedByUserId: input.approvedByUserId ?? null,
    },
  });
}
