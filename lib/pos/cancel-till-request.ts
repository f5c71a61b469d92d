import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { paymentRequests } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

/**
 * Staff at the till (`shop.till`) cancel their shop's open till request, guarded by its state (`where status =
 * 'open'`), so a request paid a moment earlier stays paid and the staff member is told so; audited. Another
 * shop's request, or one made through the API, is not found.
 */
export async function cancelTillRequest(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; paymentRequestId: unknown; ip?: string | null },
): Promise<{ cancelled: true }> {
  requirePermission(actor, "shop.till", { shopId: input.shopId });
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a shop's staff use its till.");
  if (!isId("paymentRequest", input.paymentRequestId)) {
    throw new AppError("NOT_FOUND", "No such payment at this till.");
  }
  const id = input.paymentRequestId;
  return inTransaction(db, async (tx) => {
    const mine = and(
      eq(paymentRequests.id, id),
      eq(paymentRequests.shopId, input.shopId),
      eq(paymentRequests.source, "till"),
    );
    const cancelled = await tx
      .update(paymentRequests)
      .set({ status: "cancelled" })
      .where(and(mine, eq(paymentRequests.status, "open")))
      .returning({ id: paymentRequests.id });
    if (cancelled.length !== 1) {
      const [row] = await tx.select({ status: paymentRequests.status }).from(paymentRequests).where(mine);
      if (!row) throw new AppError("NOT_FOUND", "No such payment at this till.");
      if (row.status === "paid") {
        throw new AppError("PAYMENT_REQUEST_CLOSED", "This payment is already paid; it cannot be cancelled.");
      }
      return { cancelled: true as const };
    }
    await recordAuditEvent(tx, {
      action: "till.payment_cancelled",
      actor,
      targetType: "payment_request",
      targetId: id,
      ip: input.ip ?? null,
      data: { shopId: input.shopId },
    });
    return { cancelled: true as const };
  });
}
