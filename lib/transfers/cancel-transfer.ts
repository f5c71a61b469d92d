import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { turnDownGroup } from "./close-group";
import { turnDownOffer } from "./close-transfer";
import { lockTransferWithCoupon } from "./lock-transfer";

/**
 * The transferor withdraws a pending offer; the coupon stays theirs at the same version (for a coupon of a gift
 * of several: the whole gift). Nobody else may.
 */
export async function cancelTransfer(
  db: DbOrTx,
  actor: Actor,
  input: { transferId: string },
): Promise<{ wholeGift: boolean }> {
  if (actor.kind === "system") throw new AppError("FORBIDDEN", "Only the person who offered can cancel.");
  const groupId = await inTransaction(db, async (tx) => {
    const { transfer, coupon } = await lockTransferWithCoupon(tx, { transferId: input.transferId });
    // Another party's transfer looks exactly like a missing one.
    if (transfer.fromPartyId !== actor.partyId) throw new AppError("NOT_FOUND", "No such transfer.");
    // A coupon of a gift of several: the whole gift is cancelled below, taking its locks in the gift's order.
    if (transfer.groupId) return transfer.groupId;
    await turnDownOffer(tx, { transfer, coupon }, "cancel", actor);
    return null;
  });
  if (groupId) await turnDownGroup(db, actor, { groupId }, "cancel");
  return { wholeGift: groupId !== null };
}
