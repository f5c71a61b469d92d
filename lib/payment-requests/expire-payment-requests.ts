import "server-only";
import { and, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentRequests } from "@/db/schema";

/**
 * Marks open payment requests past their expiry as expired (a sweep for the job queue; reads already show them
 * expired). The guarded update never touches a request that was paid meanwhile. Returns how many changed.
 */
export async function expirePaymentRequests(db: DbOrTx, input: { now?: Date } = {}): Promise<number> {
  const expired = await db
    .update(paymentRequests)
    .set({ status: "expired" })
    .where(and(eq(paymentRequests.status, "open"), lte(paymentRequests.expiresAt, input.now ?? new Date())))
    .returning({ id: paymentRequests.id });
  return expired.length;
}
