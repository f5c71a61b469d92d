"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { acceptTransferGroup, beginAcceptGroup } from "@/lib/transfers/accept-group";
import { beginGive } from "@/lib/transfers/begin-give";
import { turnDownGroup } from "@/lib/transfers/close-group";
import { giveGroup } from "@/lib/transfers/give-group";
import { givePart } from "@/lib/transfers/give-part";
import { offerTransfer } from "@/lib/transfers/offer-transfer";
import { plainText } from "@/lib/validation/text";

const id = plainText("an id").min(1).max(80);
const claimCode = plainText("a claim code").min(1).max(80);

/** Step-up options for giving a coupon, whole or a part of it, after every check that needs no passkey. */
export const giveOptionsAction = authedAction(
  z.object({
    couponId: id,
    amount: z.string().trim().min(1, "Enter the amount to give.").max(24),
    currency: z.string().trim().length(3, "Choose a currency."),
    recipientPartyId: id.nullable(),
    validitySeconds: z.number().int(),
  }),
  async ({ db, actor, meta, input }) => beginGive(db, actor, { ...input, ip: meta.ip }),
);

/**
 * Gives the coupon with the giver's passkey assertion over exactly these terms: the whole coupon is offered, or
 * the coupon is split and the part offered in the same transaction (the rest stays in the wallet).
 */
export const giveCouponAction = authedAction(
  z.object({
    couponId: id,
    version: z.number().int().min(1),
    whole: z.boolean(),
    giveMinor: z.string().regex(/^[0-9]{1,18}$/, "Enter the amount to give."),
    currency: z.string().length(3),
    recipientPartyId: id.nullable(),
    expiresAt: z.string().datetime(),
    claimCodeHash: plainText("a claim code").max(64).nullable(),
    /** More than this coupon: the coupons the draft picked, and the versions the giver saw. */
    group: z
      .object({ couponIds: z.array(id).min(1).max(20), versions: z.array(z.number().int().min(1)).max(20) })
      .nullable()
      .default(null),
    stepUp: webauthnResponseSchema,
  }),
  async ({ db, actor, meta, input }) => {
    const terms = {
      couponId: input.couponId,
      version: input.version,
      recipient: input.recipientPartyId ? { partyId: input.recipientPartyId } : { open: true },
      expiresAt: new Date(input.expiresAt),
      claimCodeHash: input.claimCodeHash,
      authorization: input.stepUp,
      ip: meta.ip,
    };
    if (input.group) {
      const gift = await giveGroup(db, actor, {
        ...terms,
        ...input.group,
        giveMinor: input.giveMinor,
        currency: input.currency,
      });
      return {
        transferId: gift.transferIds[0] ?? null,
        giftCouponId: gift.giftCouponIds[0] ?? null,
        restCouponId: gift.restCouponId,
      };
    }
    if (input.whole) {
      const offer = await offerTransfer(db, actor, terms);
      return { transferId: offer.transferId, giftCouponId: offer.couponId, restCouponId: null };
    }
    const gift = await givePart(db, actor, {
      ...terms,
      giveMinor: input.giveMinor,
      currency: input.currency,
    });
    return { transferId: gift.transferId, giftCouponId: gift.giftCouponId, restCouponId: gift.restCouponId };
  },
);

const giftRef = z.union([z.object({ groupId: id }), z.object({ claimCode })]);

/** Step-up options for accepting a whole gift of several coupons (by its id, or an open gift's claim code). */
export const acceptGiftOptionsAction = authedAction(giftRef, async ({ db, actor, meta, input }) =>
  beginAcceptGroup(db, actor, { ...input, ip: meta.ip }),
);

/** Accepts every coupon of a gift with the receiver's one passkey assertion. */
export const acceptGiftAction = authedAction(
  z.union([
    z.object({ groupId: id, stepUp: webauthnResponseSchema }),
    z.object({ claimCode, stepUp: webauthnResponseSchema }),
  ]),
  async ({ db, actor, meta, input }) => {
    const { stepUp, ...ref } = input;
    const result = await acceptTransferGroup(db, actor, { ...ref, authorization: stepUp, ip: meta.ip });
    return { couponCount: result.couponIds.length };
  },
);

/** The receiver declines a whole gift of several coupons. */
export const declineGiftAction = authedAction(z.object({ groupId: id }), async ({ db, actor, input }) => {
  await turnDownGroup(db, actor, input, "decline");
  return { declined: true };
});
