import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons, transfers } from "@/db/schema";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { acceptTransfer } from "@/lib/transfers/accept-transfer";
import { declineTransfer } from "@/lib/transfers/decline-transfer";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue-webhook-event";

export interface TransferAnswer {
  transferId: string;
  status: "accepted" | "declined";
  coupon: { id: string; amountMinor: bigint; currency: string; version: number };
}

/**
 * A shop accepts or declines a coupon offered directly to it (`payments` scope). A transfer not addressed to
 * this shop is not found (its existence is not disclosed). The owner change (accept: the issuer attests the
 * shop's owner part) and the `transfer.accepted`/`transfer.declined` outbox message commit together.
 */
export async function answerShopTransfer(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; transferId: string; answer: "accept" | "decline" },
): Promise<TransferAnswer> {
  requireApiScope(actor, ["payments"], input.shopId);
  if (actor.kind !== "shop") throw new AppError("FORBIDDEN", "Only a shop answers offers here.");
  return inTransaction(db, async (tx) => {
    const [offer] = await tx
      .select({ couponId: transfers.couponId, amountMinor: coupons.amountMinor, currency: coupons.currency })
      .from(transfers)
      .innerJoin(coupons, eq(coupons.id, transfers.couponId))
      .where(and(eq(transfers.id, input.transferId), eq(transfers.toPartyId, actor.partyId)));
    if (!offer) throw new AppError("NOT_FOUND", "There is no such transfer offered to this shop.");
    let version: number;
    if (input.answer === "accept") {
      ({ version } = await acceptTransfer(tx, actor, { transferId: input.transferId }));
    } else {
      await declineTransfer(tx, actor, { transferId: input.transferId });
      const [coupon] = await tx
        .select({ version: coupons.version })
        .from(coupons)
        .where(eq(coupons.id, offer.couponId));
      version = coupon?.version ?? 0;
    }
    const status = input.answer === "accept" ? "accepted" : "declined";
    const coupon = { id: offer.couponId, amountMinor: offer.amountMinor, currency: offer.currency, version };
    await enqueueWebhookEvent(tx, {
      shopId: input.shopId,
      type: status === "accepted" ? "transfer.accepted" : "transfer.declined",
      data: {
        transferId: input.transferId,
        couponId: coupon.id,
        amountMinor: coupon.amountMinor.toString(),
        currency: coupon.currency,
      },
    });
    return { transferId: input.transferId, status, coupon };
  });
}
