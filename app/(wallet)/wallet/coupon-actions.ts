"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { convertCoupon } from "@/lib/coupons/convert-coupon";
import { voidCoupon } from "@/lib/coupons/void-coupon";
import { requestIssuance } from "@/lib/issuance/request-issuance";
import { parseMoney } from "@/lib/money/money";
import { findShopByAddress } from "@/lib/shops/find-shop-by-address";
import { acceptTransfer } from "@/lib/transfers/accept-transfer";
import { cancelTransfer } from "@/lib/transfers/cancel-transfer";
import { declineTransfer } from "@/lib/transfers/decline-transfer";
import { findUserByHandle } from "@/lib/users/find-user-by-handle";
import { plainText } from "@/lib/validation/text";
import { beginAccept } from "@/lib/wallet/begin-accept";
import { beginConversion, beginIssuance, beginReveal } from "@/lib/wallet/begin-coupon-step-up";
import { revealCouponToken } from "@/lib/wallet/reveal-coupon-token";
import { verifyOffer } from "@/lib/wallet/verify-offer";

const id = plainText("an id").min(1).max(80);
const claimCode = plainText("a claim code").min(1).max(80);
const requestInput = z.object({
  amount: z.string().trim().min(1, "Enter an amount.").max(24),
  currency: z.string().trim().length(3, "Choose a currency."),
  expiresInDays: z.coerce.number().int(),
});

/** Exact minor units from the decimal text a person typed ("12.50"), refusing floats and extra digits. */
function amountOf(input: z.output<typeof requestInput>) {
  const { amountMinor, currency } = parseMoney(input.amount, input.currency);
  return { amountMinor, currency, expiresInDays: input.expiresInDays };
}

/** Step-up options for requesting a coupon; reserves its id. */
export const requestCouponOptionsAction = authedAction(requestInput, async ({ db, actor, meta, input }) =>
  beginIssuance(db, actor, { ...amountOf(input), ip: meta.ip }),
);

/** Requests the coupon confirmed by the passkey assertion over the reserved id and exact terms. */
export const requestCouponAction = authedAction(
  requestInput.extend({ couponId: id, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const result = await requestIssuance(db, actor, {
      ...amountOf(input),
      couponId: input.couponId,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return {
      status: result.status,
      couponId: result.status === "issued" ? result.coupon.id : result.couponId,
    };
  },
);

/** Looks a handle up so the giver sees the recipient's display name before confirming. */
export const findRecipientAction = authedAction(
  z.object({ handle: plainText("a handle").max(40) }),
  async ({ db, actor, input }) => {
    const found = await findUserByHandle(db, actor, input.handle);
    return { handle: found.handle, displayName: found.displayName, partyId: found.partyId };
  },
);

/** Looks a shop up by its address (slug or storefront link) so the giver sees its name before confirming. */
export const findShopRecipientAction = authedAction(
  z.object({ address: plainText("a shop address").max(300), currency: z.string().trim().length(3) }),
  async ({ db, actor, input }) => {
    const found = await findShopByAddress(db, actor, input);
    return { name: found.name, slug: found.slug, partyId: found.partyId };
  },
);

/** The giver withdraws a pending offer. */
export const cancelOfferAction = authedAction(z.object({ transferId: id }), async ({ db, actor, input }) => {
  const { wholeGift } = await cancelTransfer(db, actor, input);
  return { cancelled: true, wholeGift };
});

const offerRef = z.union([z.object({ transferId: id }), z.object({ claimCode })]);

/** Step-up options for accepting an offer (by id, or by claim code). */
export const acceptOptionsAction = authedAction(offerRef, async ({ db, actor, meta, input }) =>
  beginAccept(db, actor, { ...input, ip: meta.ip }),
);

/** Accepts an offer with the new owner's passkey assertion. */
export const acceptOfferAction = authedAction(
  z.union([
    z.object({ transferId: id, stepUp: webauthnResponseSchema }),
    z.object({ claimCode, stepUp: webauthnResponseSchema }),
  ]),
  async ({ db, actor, meta, input }) => {
    const result = await acceptTransfer(db, actor, { ...input, authorization: input.stepUp, ip: meta.ip });
    return { couponId: result.couponId, version: result.version };
  },
);

/** The recipient declines a directed offer. */
export const declineOfferAction = authedAction(z.object({ transferId: id }), async ({ db, actor, input }) => {
  await declineTransfer(db, actor, input);
  return { declined: true };
});

/** The recipient asks the server to verify the offered coupon live. */
export const verifyOfferAction = authedAction(offerRef, async ({ db, actor, meta, input }) => {
  const result = await verifyOffer(db, { ...input, partyId: actor.partyId, ip: meta.ip });
  return { genuine: result.genuine, current: result.current, offerStatus: result.offerStatus };
});

/** Step-up options for converting a held, funded coupon into money. */
export const convertOptionsAction = authedAction(
  z.object({ couponId: id }),
  async ({ db, actor, meta, input }) => beginConversion(db, actor, { ...input, ip: meta.ip }),
);

/** Converts the coupon with the holder's passkey assertion. */
export const convertCouponAction = authedAction(
  z.object({ couponId: id, version: z.number().int().min(1), stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const result = await convertCoupon(db, actor, { ...input, authorization: input.stepUp, ip: meta.ip });
    return { couponId: result.couponId };
  },
);

/** The requester voids an unfunded coupon never given away. */
export const voidCouponAction = authedAction(z.object({ couponId: id }), async ({ db, actor, input }) => {
  await voidCoupon(db, actor, input);
  return { voided: true };
});

/** Step-up options for revealing a held coupon's token. */
export const revealOptionsAction = authedAction(
  z.object({ couponId: id }),
  async ({ db, actor, meta, input }) => beginReveal(db, actor, { ...input, ip: meta.ip }),
);

/** Reveals the token (wallet unlocked + passkey assertion over `coupon.reveal`). */
export const revealTokenAction = authedAction(
  z.object({ couponId: id, stepUp: webauthnResponseSchema }),
  async ({ db, actor, session, meta, input }) =>
    revealCouponToken(db, session, actor, {
      couponId: input.couponId,
      authorization: input.stepUp,
      ip: meta.ip,
    }),
);
