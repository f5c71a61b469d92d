import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { parseMoney } from "@/lib/money/money";
import { assertMayMoveOut } from "@/lib/parties/suspension";
import { readOwnedCouponOrThrow } from "@/lib/wallet/read-owned-coupon";
import { hashClaimCode, newClaimCode } from "./claim-code";
import { giveGroupOperation } from "./gift-operations";
import { pickGiftCoupons, planGift } from "./give-group";
import { givePartOperation } from "./give-part-operation";
import { assertRecipientActive } from "./offer-transfer";
import { prepareOffer } from "./prepare-offer";

/**
 * How long an offer may stay open, as the wallet offers it. The shortest adds a little slack to the core's
 * one-minute minimum, which is checked again when the signed offer arrives a few seconds later. Fifteen minutes is
 * "Give in person": the QR code on the giver's screen is scanned while both stand there, and a photo of it is
 * worthless soon after.
 */
export const offerValidityChoices = [
  { seconds: 75, label: "About a minute" },
  { seconds: 900, label: "15 minutes" },
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "7 days" },
] as const;

export interface GiveDraft {
  options: PublicKeyCredentialRequestOptionsJSON;
  couponId: string;
  version: number;
  /** The whole coupon is offered (`transfer.offer`), or it is split and only the part offered. */
  whole: boolean;
  /** The part given, in minor units (decimal text), and its currency. */
  giveMinor: string;
  currency: string;
  recipientPartyId: string | null;
  expiresAt: string;
  /** Only for a claim link: the one-time claim code, shown once to the giver and never stored. */
  claimCode: string | null;
  claimCodeHash: string | null;
  /** More than this coupon is given: the coupons picked (in giving order, the last may be split) and versions. */
  group: { couponIds: string[]; versions: number[] } | null;
}

/** What a person asks to give: a coupon of theirs, how much of it, to whom (null: a claim link), for how long. */
interface GiveRequest {
  couponId: string;
  amount: string;
  currency: string;
  recipientPartyId: string | null;
  validitySeconds: number;
}

/**
 * The checks of a gift that need no passkey, in the order a person meets them: how long the offer stays open,
 * the coupon (theirs, ready to use, unexpired), the amount (a number, in the coupon's currency, not above its
 * value, or above it: then several coupons up to their sum) and the recipient (not themselves, someone who may receive). Returns the coupon and the part.
 */
async function checkGift(db: DbOrTx, actor: Extract<Actor, { kind: "user" }>, input: GiveRequest) {
  if (!offerValidityChoices.some((choice) => choice.seconds === input.validitySeconds)) {
    throw new AppError("VALIDATION_FAILED", "Choose how long the offer stays open.");
  }
  const coupon = await readOwnedCouponOrThrow(db, actor.partyId, input.couponId);
  if (coupon.status !== "active" || coupon.expiresAt <= new Date()) {
    throw new AppError("COUPON_NOT_ACTIVE", "Only a coupon that is ready to use can be given.");
  }
  if (input.currency !== coupon.currency) {
    throw new AppError(
      "CURRENCY_MISMATCH",
      `This coupon is in ${coupon.currency}; give an amount in ${coupon.currency}.`,
    );
  }
  const { amountMinor } = parseMoney(input.amount, coupon.currency);
  if (input.recipientPartyId === actor.partyId) {
    throw new AppError("VALIDATION_FAILED", "You cannot give a coupon to yourself.");
  }
  if (input.recipientPartyId !== null)
    await assertRecipientActive(db, input.recipientPartyId, coupon.currency);
  await assertMayMoveOut(db, actor.partyId);
  return { coupon, giveMinor: amountMinor };
}

/**
 * Step-up options for giving a coupon the actor holds, all of it or a part (the rest stays in their wallet), to a
 * party found by handle or as a claim link. Every check that needs no passkey runs first; the operation is built
 * here from the stored coupon: `transfer.offer` for the whole coupon, `transfer.give_part` for a part, and
 * `transfer.give_group` for more than the coupon holds (the wallet picks coupons up to their sum, one gift).
 */
export async function beginGive(
  db: DbOrTx,
  actor: Actor,
  input: GiveRequest & { ip: string | null },
): Promise<GiveDraft> {
  requirePermission(actor, "coupons.transfer");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can give coupons here.");
  const { coupon, giveMinor } = await checkGift(db, actor, input);
  const expiresAt = new Date(Date.now() + input.validitySeconds * 1000);
  expiresAt.setMilliseconds(0);
  const whole = giveMinor === coupon.amountMinor;
  const recipient = input.recipientPartyId ? { partyId: input.recipientPartyId } : ({ open: true } as const);
  let prepared: ReturnType<typeof prepareOffer>;
  let group: GiveDraft["group"] = null;
  if (giveMinor > coupon.amountMinor) {
    const picked = await pickGiftCoupons(db, actor, { currency: coupon.currency, giveMinor });
    const { plan } = await planGift(db, {
      giverPartyId: actor.partyId,
      currency: coupon.currency,
      giveMinor,
      couponIds: picked,
      lock: false,
    });
    const claimCode = input.recipientPartyId ? null : newClaimCode();
    const claimCodeHash = claimCode ? hashClaimCode(claimCode) : null;
    const operation = giveGroupOperation({
      giverPartyId: actor.partyId,
      currency: coupon.currency,
      giveMinor,
      coupons: plan,
      recipientPartyId: input.recipientPartyId,
      claimCodeHash,
      expiresAt,
    });
    prepared = { operation, claimCode, claimCodeHash };
    group = { couponIds: plan.map((entry) => entry.couponId), versions: plan.map((entry) => entry.version) };
  } else if (whole) {
    prepared = prepareOffer({ couponId: coupon.id, version: coupon.version, recipient, expiresAt });
  } else {
    const claimCode = input.recipientPartyId ? null : newClaimCode();
    const claimCodeHash = claimCode ? hashClaimCode(claimCode) : null;
    const operation = givePartOperation({
      couponId: coupon.id,
      version: coupon.version,
      currency: coupon.currency,
      giveMinor,
      recipientPartyId: input.recipientPartyId,
      claimCodeHash,
      expiresAt,
    });
    prepared = { operation, claimCode, claimCodeHash };
  }
  const options = await beginStepUp(db, { actor, operation: prepared.operation, ip: input.ip });
  return {
    options,
    couponId: coupon.id,
    version: coupon.version,
    whole,
    giveMinor: giveMinor.toString(),
    currency: coupon.currency,
    recipientPartyId: input.recipientPartyId,
    expiresAt: expiresAt.toISOString(),
    claimCode: prepared.claimCode,
    claimCodeHash: prepared.claimCodeHash,
    group,
  };
}
