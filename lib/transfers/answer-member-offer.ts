import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transferGroups, transfers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { beginStepUp, completeStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { getMemberShopOrThrow, memberShopActor } from "@/lib/shops/get-member-shop";
import {
  answerShopTransfer,
  assertOfferOpen,
  type ConfirmAccept,
  type TransferAnswer,
} from "./answer-shop-transfer";

/** The operation a member's passkey signs to accept for the shop: the shop and every transfer the accept decides. */
export function shopAcceptOperation(input: { shopId: string; transferIds: string[] }): Operation {
  return { type: "shop.transfer.accept", shop: input.shopId, transfers: [...input.transferIds].sort() };
}

/** The transfers an accept of `transferId` (offered to this shop party, still open) decides: it, or its gift's. */
async function openOfferTransferIds(db: DbOrTx, shopPartyId: string, transferId: string): Promise<string[]> {
  const [offer] = await db
    .select({ status: transfers.status, expiresAt: transfers.expiresAt, groupId: transfers.groupId })
    .from(transfers)
    .where(and(eq(transfers.id, transferId), eq(transfers.toPartyId, shopPartyId)));
  if (!offer) throw new AppError("NOT_FOUND", "There is no such offer to this shop.");
  if (!offer.groupId) {
    assertOfferOpen(offer, new Date());
    return [transferId];
  }
  const [group] = await db
    .select({ status: transferGroups.status, expiresAt: transferGroups.expiresAt })
    .from(transferGroups)
    .where(eq(transferGroups.id, offer.groupId));
  if (!group) throw new Error(`transfer ${transferId} names a missing gift`);
  assertOfferOpen(group, new Date());
  const rows = await db
    .select({ id: transfers.id })
    .from(transfers)
    .where(eq(transfers.groupId, offer.groupId))
    .orderBy(asc(transfers.id));
  return rows.map((row) => row.id);
}

/**
 * Step-up options for a member (owner or staff) accepting an offer to their shop: their passkey signs the shop
 * and every transfer the accept decides (a gift of several coupons: all of its transfers). An offer that is not
 * to this shop is not found; one no longer open is refused in words before any passkey prompt.
 */
export async function beginAcceptShopOffer(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; transferId: string; ip: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.read" });
  const transferIds = await openOfferTransferIds(db, shop.partyId, input.transferId);
  return beginStepUp(db, {
    actor,
    operation: shopAcceptOperation({ shopId: shop.shopId, transferIds }),
    ip: input.ip,
  });
}

/**
 * A member answers an offer to their shop for it (answerShopTransfer with the shop actor carrying the member):
 * declining needs no passkey (nothing moves); accepting completes their passkey confirmation inside the answer's
 * transaction, over exactly the transfers it decides.
 */
export async function answerShopOfferAsMember(
  db: DbOrTx,
  actor: Actor,
  input: {
    slug: string;
    transferId: string;
    answer: "accept" | "decline";
    authorization?: unknown;
    ip?: string | null;
  },
): Promise<TransferAnswer> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.read" });
  const shopActor = memberShopActor(actor, shop);
  const confirm: ConfirmAccept = async (tx, transferIds) => {
    await completeStepUp(tx, {
      actor,
      operation: shopAcceptOperation({ shopId: shop.shopId, transferIds }),
      response: input.authorization,
      ip: input.ip,
      auditDb: db,
    });
  };
  return answerShopTransfer(
    db,
    shopActor,
    { shopId: shop.shopId, transferId: input.transferId, answer: input.answer },
    input.answer === "accept" ? confirm : undefined,
  );
}
