import { and, eq, lte } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { transferGroups } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertTransferPending, nextCouponStatus } from "@/lib/coupons/coupon-transitions";
import { AppError, isAppError } from "@/lib/errors";
import { expireDue } from "@/lib/jobs/expire-due";
import { type GiftRef, giftLookup } from "./accept-group";
import { type CloseOutcome, closePendingTransfer } from "./close-transfer";
import { type LockedGroup, markGroup, readGroup } from "./lock-group";

/**
 * Ends a gift without an owner change, inside a transaction that holds its locks (readGroup): every transfer
 * closed with `outcome`, every coupon back to `active` with its giver at the same version, the group marked.
 */
async function closeGroup(
  tx: Tx,
  locked: LockedGroup,
  outcome: CloseOutcome,
  actor: { partyId: string | null; userId: string | null },
  at: Date,
): Promise<void> {
  assertTransferPending(locked.group.status);
  for (const { transfer, coupon } of locked.items) {
    if (outcome !== "expired")
      nextCouponStatus(coupon.status, outcome === "cancelled" ? "cancel" : "decline");
    await closePendingTransfer(tx, { transfer, outcome, actor, at, restoreCoupon: true });
  }
  await markGroup(tx, locked.group.id, outcome, at);
}

/**
 * The giver withdraws a whole gift (cancel), or its receiver — for an open gift whoever holds the claim code —
 * turns it down (decline); every coupon stays with the giver at the same version. Nobody else may.
 */
export async function turnDownGroup(
  db: DbOrTx,
  actor: Actor,
  input: GiftRef,
  action: "cancel" | "decline",
): Promise<void> {
  if (actor.kind === "system") throw new AppError("FORBIDDEN", "Only the giver or the receiver can do that.");
  const lookup = await giftLookup(db, actor.partyId, input);
  const who = { partyId: actor.partyId, userId: ("userId" in actor ? actor.userId : null) ?? null };
  await inTransaction(db, async (tx) => {
    const locked = await readGroup(tx, lookup, { lock: true });
    const { group } = locked;
    const allowed =
      action === "cancel"
        ? group.fromPartyId === actor.partyId
        : group.fromPartyId !== actor.partyId &&
          ("claimCodeHash" in lookup ? group.toPartyId === null : group.toPartyId === actor.partyId);
    // Another party's gift looks exactly like a missing one.
    if (!allowed) throw new AppError("NOT_FOUND", "No such gift.");
    await closeGroup(tx, locked, action === "cancel" ? "cancelled" : "declined", who, new Date());
  });
}

/** Expires pending gifts whose time is up, each whole in its own transaction (see expireTransfers). */
export function expireTransferGroups(
  db: DbOrTx,
  now: Date,
  batchSize?: number,
): Promise<{ expired: number }> {
  const due = { from: transferGroups, id: transferGroups.id, by: transferGroups.expiresAt };
  const where = and(eq(transferGroups.status, "pending"), lte(transferGroups.expiresAt, now));
  return expireDue(db, batchSize, { ...due, where }, async (id) => {
    try {
      return await inTransaction(db, async (tx) => {
        const locked = await readGroup(tx, { groupId: id }, { lock: true });
        if (locked.group.status !== "pending" || locked.group.expiresAt > now) return false;
        await closeGroup(tx, locked, "expired", { partyId: null, userId: null }, now);
        return true;
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return false;
    }
  });
}
