"use server";

import { z } from "zod";
import { memberAction } from "@/lib/auth/member-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { answerShopOfferAsMember, beginAcceptShopOffer } from "@/lib/transfers/answer-member-offer";
import { plainText } from "@/lib/validation/text";

const offerInput = z.object({
  slug: plainText("a shop address").min(1).max(40),
  transferId: plainText("an offer").min(1).max(80),
});

/** Passkey options for accepting an offer to the shop (any member, owner or staff). */
export const acceptOfferOptionsAction = memberAction(
  "shop.read",
  offerInput,
  async ({ db, actor, meta, input }) => ({
    options: await beginAcceptShopOffer(db, actor, { ...input, ip: meta.ip }),
  }),
);

/** Accepts the offer for the shop, confirmed with the member's passkey. */
export const acceptOfferAction = memberAction(
  "shop.read",
  offerInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const answer = await answerShopOfferAsMember(db, actor, {
      slug: input.slug,
      transferId: input.transferId,
      answer: "accept",
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { coupons: answer.transferIds.length };
  },
);

/** Declines the offer: the coupon stays with the person who offered it. */
export const declineOfferAction = memberAction("shop.read", offerInput, async ({ db, actor, input }) => {
  const answer = await answerShopOfferAsMember(db, actor, { ...input, answer: "decline" });
  return { coupons: answer.transferIds.length };
});
