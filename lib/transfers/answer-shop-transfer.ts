import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { transfers } from "@/db/schema";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { enqueueWebhookEvents } from "@/lib/webhooks/enqueue-webhook-event";
import { acceptShopGroup } from "./accept-shop-group";
import { acceptTransfer } from "./accept-transfer";
import { turnDownGroup } from "./close-group";
import { turnDownOffer } from "./close-transfer";
import { readGroup } from "./lock-group";
import { lockTransferWithCoupon } from "./lock-transfer";

export interface AnsweredCoupon {
  transferId: string;
  coupon: { id: string; amountMinor: bigint; currency: string; version: number };
}

export interface TransferAnswer extends AnsweredCoupon {
  status: "accepted" | "declined";
  /** The gift of several coupons the transfer belongs to (answered whole), or null. */
  groupId: string | null;
  /** Every transfer this answer decided: the one asked for, or every transfer of its gift. */
  transferIds: string[];
}

/**
 * A member's passkey confirmation of an accept, run inside the answer's transaction once the offer is known to be
 * still open, with every transfer id the accept will decide (lib/transfers/answer-member-offer.ts).
 */
export type ConfirmAccept = (tx: Tx, transferIds: string[]) => Promise<void>;

/** Who may answer for `shopId`: its API key with `payments`, or a member (an accept only with `confirm`). */
export function shopAnswerer(
  actor: Actor,
  input: { shopId: string; answer: "accept" | "decline" },
  confirm: ConfirmAccept | undefined,
): Extract<Actor, { kind: "shop" }> {
  if (actor.kind !== "shop") throw new AppError("FORBIDDEN", "Only a shop answers offers here.");
  if (actor.apiKeyId !== undefined || actor.userId === undefined) {
    requireApiScope(actor, ["payments"], input.shopId);
  } else {
    // Every member, owner or staff, answers offers to their shop; accepting is confirmed with their passkey.
    requirePermission(actor, "shop.read", { shopId: input.shopId });
    if (input.answer === "accept" && !confirm) {
      throw new AppError("STEP_UP_REQUIRED", "Confirm with your passkey to accept.");
    }
  }
  return actor;
}

/** A transfer that is not addressed to this shop: refused as if it did not exist. */
export const noSuchOffer = () => new AppError("NOT_FOUND", "There is no such transfer offered to this shop.");

/** Refuses, in words, an offer that is no longer waiting for an answer. */
export function assertOfferOpen(offer: { status: string; expiresAt: Date }, now: Date): void {
  if (offer.status === "pending" && offer.expiresAt <= now) {
    throw new AppError("TRANSFER_EXPIRED", "This offer has expired; the coupon went back to its giver.");
  }
  if (offer.status !== "pending") {
    const how = offer.status === "cancelled" ? "withdrawn by its giver" : `already ${offer.status}`;
    throw new AppError("TRANSFER_NOT_PENDING", `This offer is no longer open: it was ${how}.`);
  }
}

async function answerOne(
  tx: Tx,
  actor: Extract<Actor, { kind: "shop" }>,
  transferId: string,
  answer: "accept" | "decline",
  confirm: ConfirmAccept | undefined,
  now: Date,
): Promise<AnsweredCoupon[]> {
  const { transfer, coupon } = await lockTransferWithCoupon(tx, { transferId });
  assertOfferOpen(transfer, now);
  const answered = {
    transferId,
    coupon: { id: coupon.id, amountMinor: coupon.amountMinor, currency: coupon.currency },
  };
  if (answer === "decline") {
    await turnDownOffer(tx, { transfer, coupon }, "decline", actor);
    return [{ ...answered, coupon: { ...answered.coupon, version: coupon.version } }];
  }
  await confirm?.(tx, [transferId]);
  const { version } = await acceptTransfer(tx, actor, { transferId });
  return [{ ...answered, coupon: { ...answered.coupon, version } }];
}

/** Answers a whole gift of several coupons under its locks (readGroup); the caller writes the webhooks. */
export async function answerGift(
  tx: Tx,
  actor: Extract<Actor, { kind: "shop" }>,
  groupId: string,
  answer: "accept" | "decline",
  confirm: ConfirmAccept | undefined,
  now: Date,
): Promise<AnsweredCoupon[]> {
  const locked = await readGroup(tx, { groupId }, { lock: true });
  assertOfferOpen(locked.group, now);
  const bump = answer === "accept" ? 1 : 0;
  if (answer === "accept") {
    await confirm?.(
      tx,
      locked.items.map((item) => item.transfer.id),
    );
    await acceptShopGroup(tx, actor, locked, now);
  } else {
    await turnDownGroup(tx, actor, { groupId }, "decline");
  }
  return locked.items.map(({ transfer, coupon }) => ({
    transferId: transfer.id,
    coupon: {
      id: coupon.id,
      amountMinor: coupon.amountMinor,
      currency: coupon.currency,
      version: coupon.version + bump,
    },
  }));
}

/** Writes one `transfer.accepted` / `transfer.declined` outbox message per answered transfer, in `tx`. */
export async function announceAnswers(
  tx: Tx,
  shopId: string,
  status: "accepted" | "declined",
  answered: AnsweredCoupon[],
): Promise<void> {
  await enqueueWebhookEvents(tx, {
    shopId,
    type: status === "accepted" ? "transfer.accepted" : "transfer.declined",
    data: answered.map(({ transferId, coupon }) => ({
      transferId,
      couponId: coupon.id,
      amountMinor: coupon.amountMinor.toString(),
      currency: coupon.currency,
    })),
  });
}

/**
 * A shop accepts or declines a coupon offered directly to it: through its API key (`payments` scope) or a member
 * of the shop (owner or staff; accepting only with `confirm`, their passkey). A transfer not addressed to this
 * shop is not found (its existence is not disclosed). A transfer of a gift of several coupons answers the whole
 * gift. The owner changes (accept: the issuer attests the shop's owner part) and one `transfer.accepted` /
 * `transfer.declined` outbox message per transfer commit together.
 */
export async function answerShopTransfer(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; transferId: string; answer: "accept" | "decline" },
  confirm?: ConfirmAccept,
): Promise<TransferAnswer> {
  const shop = shopAnswerer(actor, input, confirm);
  const now = new Date();
  return inTransaction(db, async (tx) => {
    const [offer] = await tx
      .select({ groupId: transfers.groupId })
      .from(transfers)
      .where(and(eq(transfers.id, input.transferId), eq(transfers.toPartyId, shop.partyId)));
    if (!offer) throw noSuchOffer();
    const answered = offer.groupId
      ? await answerGift(tx, shop, offer.groupId, input.answer, confirm, now)
      : await answerOne(tx, shop, input.transferId, input.answer, confirm, now);
    const status = input.answer === "accept" ? "accepted" : "declined";
    await announceAnswers(tx, input.shopId, status, answered);
    const asked = answered.find((item) => item.transferId === input.transferId) ?? answered[0];
    if (!asked) throw new Error(`answering ${input.transferId} decided no transfer`);
    return {
      ...asked,
      status,
      groupId: offer.groupId,
      transferIds: answered.map((item) => item.transferId),
    };
  });
}
