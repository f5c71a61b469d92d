import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { coupons, transferGroups, transfers } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { CloseOutcome } from "./close-transfer";
import type { TransferRow } from "./lock-transfer";

export type TransferGroupRow = typeof transferGroups.$inferSelect;

/** How a gift is named: by its group id (the receiver of a directed gift, the giver) or by its claim code. */
export type GroupLookup = { groupId: string } | { claimCodeHash: string };

export interface LockedGroup {
  group: TransferGroupRow;
  /** Every transfer of the group with its coupon, in coupon id order (the order their locks are taken). */
  items: { transfer: TransferRow; coupon: CouponRow }[];
}

/**
 * Reads a gift of several coupons with all its transfers and coupons; with `lock`, locks the group row first
 * and then the coupons in id order, the one order every group operation takes, so concurrent accepts, declines,
 * cancels and expiries of one gift serialise instead of deadlocking. Unknown or malformed: NOT_FOUND (by id)
 * or CLAIM_CODE_INVALID (by code).
 */
export async function readGroup(
  db: DbOrTx,
  by: GroupLookup,
  options: { lock: boolean },
): Promise<LockedGroup> {
  const missing =
    "groupId" in by
      ? new AppError("NOT_FOUND", "No such gift.")
      : new AppError("CLAIM_CODE_INVALID", "This claim code is not valid.");
  if ("groupId" in by && !isId("transferGroup", by.groupId)) throw missing;
  const groupQuery = db
    .select()
    .from(transferGroups)
    .where(
      "groupId" in by
        ? eq(transferGroups.id, by.groupId)
        : eq(transferGroups.claimCodeHash, by.claimCodeHash),
    );
  const [group] = options.lock ? await groupQuery.for("update") : await groupQuery;
  if (!group) throw missing;
  const itemQuery = db
    .select({ transfer: transfers, coupon: coupons })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .where(eq(transfers.groupId, group.id))
    .orderBy(asc(coupons.id));
  const items = options.lock ? await itemQuery.for("update", { of: coupons }) : await itemQuery;
  return { group, items };
}

/** Marks a pending group decided (guarded on `pending`); its transfers were decided in the same transaction. */
export async function markGroup(
  tx: Tx,
  groupId: string,
  status: "accepted" | CloseOutcome,
  at: Date,
  acceptedByPartyId: string | null = null,
): Promise<void> {
  const marked = await tx
    .update(transferGroups)
    .set({ status, decidedAt: at, acceptedByPartyId })
    .where(and(eq(transferGroups.id, groupId), eq(transferGroups.status, "pending")))
    .returning({ id: transferGroups.id });
  if (marked.length !== 1) throw new AppError("TRANSFER_NOT_PENDING", "This gift is no longer pending.");
}
