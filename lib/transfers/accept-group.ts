import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp, completeStepUp } from "@/lib/auth/require-step-up";
import { assertTransferPending, nextCouponStatus } from "@/lib/coupons/coupon-transitions";
import { assertNotExpired } from "@/lib/coupons/lock-coupon";
import { attestOwner } from "@/lib/coupons/sign-coupon-parts";
import { AppError } from "@/lib/errors";
import { assertMayMoveOut, assertMayReceive } from "@/lib/parties/suspension";
import { transferLookup } from "./accept-transfer";
import { acceptGroupOperation } from "./gift-operations";
import { type GroupLookup, type LockedGroup, markGroup, readGroup } from "./lock-group";
import { writeAcceptance } from "./write-acceptance";

/** A gift is named by its group id, or (an open gift) by its claim code. */
export type GiftRef = { groupId: string } | { claimCode: string };

function receiverOf(actor: Actor): Extract<Actor, { kind: "user" }> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can accept a gift here.");
  requirePermission(actor, "coupons.hold");
  return actor;
}

/** The lookup of a gift; a claim code counts against the claim-attempt limit first, right or wrong. */
export async function giftLookup(db: DbOrTx, partyId: string, ref: GiftRef): Promise<GroupLookup> {
  if ("groupId" in ref) return { groupId: String(ref.groupId) };
  const lookup = await transferLookup(db, partyId, { claimCode: ref.claimCode });
  if (!("claimCodeHash" in lookup)) throw new Error("a claim code lookup must give its hash");
  return lookup;
}

/**
 * Refuses a gift this party may not take: their own, not offered to them (for an open gift: found by its code),
 * no longer pending, or past its expiry. A group found by id that was not offered to them looks missing.
 */
export function assertMayTakeGift(locked: LockedGroup, partyId: string, byCode: boolean, now: Date): void {
  const { group } = locked;
  if (group.fromPartyId === partyId) {
    throw new AppError("NOT_RECIPIENT", "You cannot accept your own gift; cancel it instead.");
  }
  if (byCode ? group.toPartyId !== null : group.toPartyId !== partyId) {
    throw new AppError("NOT_FOUND", "No such gift.");
  }
  assertTransferPending(group.status);
  if (group.expiresAt <= now) throw new AppError("TRANSFER_EXPIRED", "This offer has expired.");
}

/** The accept operation of a gift for `ownerPartyId`: every transfer with its coupon's next version. */
function acceptOperationOf(locked: LockedGroup, ownerPartyId: string) {
  return acceptGroupOperation({
    groupId: locked.group.id,
    ownerPartyId,
    parts: locked.items.map(({ transfer, coupon }) => ({
      transferId: transfer.id,
      couponId: coupon.id,
      version: coupon.version + 1,
    })),
  });
}

/** Step-up options for accepting a whole gift: the receiver's passkey signs every coupon's new owner part. */
export async function beginAcceptGroup(
  db: DbOrTx,
  actor: Actor,
  input: GiftRef & { ip: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const receiver = receiverOf(actor);
  const lookup = await giftLookup(db, receiver.partyId, input);
  const locked = await readGroup(db, lookup, { lock: false });
  assertMayTakeGift(locked, receiver.partyId, "claimCodeHash" in lookup, new Date());
  return beginStepUp(db, { actor, operation: acceptOperationOf(locked, receiver.partyId), ip: input.ip });
}

/**
 * The receiver (or the holder of an open gift's claim code) accepts every coupon of a gift in one transaction
 * under one passkey assertion over `transfer.accept_group`: each coupon's owner change, its transfer's
 * acceptance, its event and (first transfer) its funding, and the group marked accepted. All or nothing.
 */
export async function acceptTransferGroup(
  db: DbOrTx,
  actor: Actor,
  input: GiftRef & { authorization?: unknown; ip?: string | null },
): Promise<{ groupId: string; couponIds: string[] }> {
  const receiver = receiverOf(actor);
  const lookup = await giftLookup(db, receiver.partyId, input);
  const now = new Date();
  return inTransaction(db, async (tx) => {
    const locked = await readGroup(tx, lookup, { lock: true });
    assertMayTakeGift(locked, receiver.partyId, "claimCodeHash" in lookup, now);
    await assertMayReceive(tx, receiver.partyId);
    await assertMayMoveOut(tx, locked.group.fromPartyId);
    for (const { transfer, coupon } of locked.items) {
      assertTransferPending(transfer.status);
      nextCouponStatus(coupon.status, "accept");
      if (coupon.version !== transfer.couponVersion) {
        throw new AppError("VERSION_CONFLICT", "A coupon of this gift changed since it was offered.");
      }
      assertNotExpired(coupon, now);
    }
    const authorization = await completeStepUp(tx, {
      actor: receiver,
      ip: input.ip,
      auditDb: db,
      operation: acceptOperationOf(locked, receiver.partyId),
      response: input.authorization,
    });
    const acceptor = { partyId: receiver.partyId, userId: receiver.userId };
    for (const { transfer, coupon } of locked.items) {
      const owner = await attestOwner(tx, {
        couponId: coupon.id,
        ownerPartyId: receiver.partyId,
        version: coupon.version + 1,
        basis: "passkey",
      });
      await writeAcceptance(tx, { transfer, coupon, acceptor, authorization, owner, at: now });
    }
    await markGroup(tx, locked.group.id, "accepted", now, receiver.partyId);
    return { groupId: locked.group.id, couponIds: locked.items.map((item) => item.coupon.id) };
  });
}
