import "server-only";
import type { Tx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { assertTransferPending, nextCouponStatus } from "@/lib/coupons/coupon-transitions";
import { assertNotExpired } from "@/lib/coupons/lock-coupon";
import { attestOwner } from "@/lib/coupons/sign-coupon-parts";
import { AppError } from "@/lib/errors";
import { assertMayMoveOut, assertMayReceive } from "@/lib/parties/suspension";
import { assertMayTakeGift } from "./accept-group";
import { type LockedGroup, markGroup } from "./lock-group";
import { writeAcceptance } from "./write-acceptance";

/**
 * A shop takes every coupon of a gift of several offered to it, inside the caller's transaction holding the
 * gift's locks (readGroup): each coupon's owner part attested by the issuer (as for any coupon a shop accepts),
 * its transfer's acceptance, event and (first transfer) funding, and the group marked accepted. All or nothing.
 * The caller has authorised the shop actor (and, for a member, their passkey).
 */
export async function acceptShopGroup(
  tx: Tx,
  actor: Extract<Actor, { kind: "shop" }>,
  locked: LockedGroup,
  now: Date,
): Promise<void> {
  assertMayTakeGift(locked, actor.partyId, false, now);
  await assertMayReceive(tx, actor.partyId);
  await assertMayMoveOut(tx, locked.group.fromPartyId);
  for (const { transfer, coupon } of locked.items) {
    assertTransferPending(transfer.status);
    nextCouponStatus(coupon.status, "accept");
    if (coupon.version !== transfer.couponVersion) {
      throw new AppError("VERSION_CONFLICT", "A coupon of this gift changed since it was offered.");
    }
    assertNotExpired(coupon, now);
  }
  const acceptor = { partyId: actor.partyId, userId: actor.userId ?? null };
  for (const { transfer, coupon } of locked.items) {
    const owner = await attestOwner(tx, {
      couponId: coupon.id,
      ownerPartyId: actor.partyId,
      version: coupon.version + 1,
      basis: "issuer",
    });
    await writeAcceptance(tx, { transfer, coupon, acceptor, authorization: null, owner, at: now });
  }
  await markGroup(tx, locked.group.id, "accepted", now, actor.partyId);
}
