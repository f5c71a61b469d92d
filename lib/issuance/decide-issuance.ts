import { eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { issuanceRequests } from "@/db/schema";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { CouponView } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { toEnabledCurrency } from "@/lib/money/enabled-currencies";
import { assertNoOverdueInvoice } from "@/lib/parties/overdue";
import { assertMayRequestIssuance } from "@/lib/parties/suspension";
import { issueFromRequest } from "./request-issuance";

type IssuanceRequestRow = typeof issuanceRequests.$inferSelect;
const maxReasonLength = 500;

async function lockAwaitingRequest(tx: Tx, requestId: unknown): Promise<IssuanceRequestRow> {
  if (!isId("issuanceRequest", requestId)) throw new AppError("NOT_FOUND", "No such issuance request.");
  const [row] = await tx
    .select()
    .from(issuanceRequests)
    .where(eq(issuanceRequests.id, requestId))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "No such issuance request.");
  if (row.status !== "awaiting_approval") {
    throw new AppError("CONFLICT", `This request is already ${row.status}.`);
  }
  return row;
}

function adminUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

/** Writes an admin's decision on a request (its new status, who decided, why) and audits it. */
async function recordDecision(
  tx: Tx,
  actor: Actor,
  requestId: string,
  decision: { status: "issued" | "rejected"; reason: string | null; data?: Record<string, unknown> },
): Promise<void> {
  const { status, reason } = decision;
  await tx
    .update(issuanceRequests)
    .set({ status, decidedAt: sql`now()`, decidedByUserId: adminUserId(actor), reason })
    .where(eq(issuanceRequests.id, requestId));
  await recordAuditEvent(tx, {
    action: status === "issued" ? "issuance.approved" : "issuance.rejected",
    actor,
    targetType: "issuance_request",
    targetId: requestId,
    reason: reason ?? undefined,
    data: decision.data,
  });
}

/**
 * Admin only (`issuance.approve`): issues the coupon of a request awaiting approval, owned by the requester on
 * the strength of their recorded passkey assertion. Refuses a request that is not awaiting approval, a requester
 * suspended since, and an admin deciding on their own party's request. Audited.
 */
export async function approveIssuance(
  db: DbOrTx,
  actor: Actor,
  input: { requestId: string; reason?: string },
): Promise<CouponView> {
  requirePermission(actor, "issuance.approve");
  const reason = input.reason?.slice(0, maxReasonLength) ?? null;
  return inTransaction(db, async (tx) => {
    const request = await lockAwaitingRequest(tx, input.requestId);
    await assertNotOwnParty(tx, actor, [request.partyId]);
    // A party suspended while its request waited gets nothing issued (suspension freezes requesting coupons).
    await assertMayRequestIssuance(tx, request.partyId);
    await assertNoOverdueInvoice(tx, request.partyId, "party");
    // The operator may have disabled the currency since the request was made: issue nothing in it then.
    toEnabledCurrency(request.currency);
    const coupon = await issueFromRequest(tx, {
      requestId: request.id,
      couponId: request.couponId as string,
      partyId: request.partyId,
      userId: request.requestedByUserId,
      amountMinor: request.amountMinor,
      currency: request.currency,
      expiresInDays: request.expiresInDays,
      authorization: request.authorization,
      approvedByUserId: adminUserId(actor) ?? undefined,
    });
    await recordDecision(tx, actor, request.id, { status: "issued", reason, data: { couponId: coupon.id } });
    return coupon;
  });
}

/** Admin only (`issuance.approve`, never on their own party): refuses a request awaiting approval, with a reason. */
export async function rejectIssuance(
  db: DbOrTx,
  actor: Actor,
  input: { requestId: string; reason: string },
): Promise<void> {
  requirePermission(actor, "issuance.approve");
  const reason = typeof input.reason === "string" ? input.reason.trim() : "";
  if (reason.length < 1 || reason.length > maxReasonLength) {
    throw new AppError("VALIDATION_FAILED", "Give a reason (up to 500 characters).");
  }
  await inTransaction(db, async (tx) => {
    const request = await lockAwaitingRequest(tx, input.requestId);
    await assertNotOwnParty(tx, actor, [request.partyId]);
    await recordDecision(tx, actor, request.id, { status: "rejected", reason });
  });
}
