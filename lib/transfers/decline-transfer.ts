import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { assertNotInGift, transferLookup } from "./accept-transfer";
import { turnDownGroup } from "./close-group";
import { turnDownOffer } from "./close-transfer";
import { lockTransferWithCoupon } from "./lock-transfer";

/**
 * The recipient turns an offer down (for an open offer: whoever holds the claim code); the coupon stays with
 * its owner at the same version (for a coupon of a gift of several: every coupon of the gift). Nobody else may.
 */
export async function declineTransfer(
  db: DbOrTx,
  actor: Actor,
  input: { transferId?: string; claimCode?: string },
): Promise<void> {
  if (actor.kind === "system") throw new AppError("FORBIDDEN", "Only the recipient can decline.");
  const lookup = await transferLookup(db, actor.partyId, input);
  const groupId = await inTransaction(db, async (tx) => {
    const { transfer, coupon } = await lockTransferWithCoupon(tx, lookup);
    const isRecipient =
      "claimCodeHash" in lookup ? transfer.toPartyId === null : transfer.toPartyId === actor.partyId;
    if (!isRecipient || transfer.fromPartyId === actor.partyId) {
      throw new AppError("NOT_RECIPIENT", "This coupon was not offered to you.");
    }
    // One coupon of a gift of several declines the whole gift (below, in the gift's lock order); by claim code
    // the gift is answered through its own claim.
    if (transfer.groupId && !("claimCodeHash" in lookup)) return transfer.groupId;
    assertNotInGift(transfer);
    await turnDownOffer(tx, { transfer, coupon }, "decline", actor);
    return null;
  });
  if (groupId) await turnDownGroup(db, actor, { groupId }, "decline");
}
