import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentRequests } from "@/db/schema";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { type PaymentRequestView, toPaymentRequestView } from "./payment-request-view";

/** One of the shop's own payment requests (`read` or `payments` scope); another shop's is not found. */
export async function getPaymentRequestOrThrow(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; paymentRequestId: string; now?: Date },
): Promise<PaymentRequestView> {
  requireApiScope(actor, ["read", "payments"], input.shopId);
  const [row] = await db
    .select()
    .from(paymentRequests)
    .where(and(eq(paymentRequests.id, input.paymentRequestId), eq(paymentRequests.shopId, input.shopId)));
  if (!row) throw new AppError("NOT_FOUND", "There is no such payment request.");
  return toPaymentRequestView(row, input.now ?? new Date());
}
