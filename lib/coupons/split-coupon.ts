import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { insertIssuedCoupon, wholeSeconds } from "@/lib/issuance/insert-issued-coupon";
import { toAmountMinor } from "@/lib/money/money";
import { assertNotExpired, type CouponView, lockOwnCoupon } from "./lock-coupon";
import { moveCoupon } from "./move-coupon";

export const maxSplitParts = 10;

function parseParts(amounts: unknown, total: bigint): bigint[] {
  if (!Array.isArray(amounts) || amounts.length < 2 || amounts.length > maxSplitParts) {
    throw new AppError("SPLIT_INVALID", `Split a coupon into 2 to ${maxSplitParts} parts.`);
  }
  const parts = amounts.map((amount) => toAmountMinor(amount));
  if (parts.reduce((sum, part) => sum + part, 0n) !== total) {
    throw new AppError("SPLIT_INVALID", "The parts must add up to the coupon's value exactly.");
  }
  return parts;
}

/**
 * The owner splits an active, unexpired coupon (e.g. to pay part of it): the parent becomes `split` and each
 * child is a new coupon of the same owner, requester, currency, funded flag and expiry, with its own value
 * signature and owner part; the children's amounts sum to the parent's exactly.
 */
export async function splitCoupon(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string; version: number; amountsMinor: unknown },
): Promise<{ parentId: string; children: CouponView[] }> {
  if (actor.kind === "system") throw new AppError("FORBIDDEN", "Only the owner can split a coupon.");
  const now = new Date();
  return inTransaction(db, async (tx) => {
    const parent = await lockOwnCoupon(tx, { ...input, owner: actor.partyId, action: "split" });
    assertNotExpired(parent, now);
    const parts = parseParts(input.amountsMinor, parent.amountMinor);
    const childIds = parts.map(() => newId("coupon"));
    await moveCoupon(tx, parent, "split", {
      kind: "split",
      by: { partyId: actor.partyId, userId: actor.userId ?? null },
      toPartyId: parent.ownerPartyId,
      data: { childIds, amountsMinor: parts.map(String) },
      at: now,
    });
    const issuedAt = wholeSeconds(now);
    const children: CouponView[] = [];
    for (const [index, amountMinor] of parts.entries()) {
      children.push(
        await insertIssuedCoupon(tx, {
          couponId: childIds[index] as string,
          amountMinor,
          currency: parent.currency,
          requesterPartyId: parent.requesterPartyId,
          ownerPartyId: parent.ownerPartyId,
          funded: parent.funded,
          issuedAt,
          expiresAt: parent.expiresAt,
          parentId: parent.id,
          ownerBasis: "split",
          actor: { partyId: actor.partyId, userId: actor.userId ?? null },
          eventData: { parentId: parent.id, parentVersion: parent.version },
        }),
      );
    }
    return { parentId: parent.id, children };
  });
}
