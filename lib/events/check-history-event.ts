import { verify } from "node:crypto";
import type { campaigns, couponEvents, coupons, transfers } from "@/db/schema";
import { type PasskeyAuthorization, verifyRecordedAuthorization } from "@/lib/auth/passkey-authorization";
import { campaignBasisOf, campaignOfferAuthorised } from "@/lib/campaigns/campaign-offer-authorised";
import { plannedEntryFor } from "@/lib/checkout/checkout-operation";
import { shopOfferAttestationValid } from "@/lib/coupons/attest-shop-offer";
import { ownerPayload } from "@/lib/coupons/coupon-payloads";
import { acceptOperation, convertOperation, issueOperation, offerOperation } from "@/lib/coupons/operations";
import type { OwnerAttestation } from "@/lib/coupons/sign-coupon-parts";
import type { IssuerKeyLookup } from "@/lib/keys/key-ring";
import { acceptGroupCovers, giveGroupCoversOffer } from "@/lib/transfers/gift-operations";
import { givePartCoversOffer } from "@/lib/transfers/give-part-operation";

type EventRow = typeof couponEvents.$inferSelect;
type CouponRow = typeof coupons.$inferSelect;
type TransferRow = typeof transfers.$inferSelect;

/** The coupon as replayed from its history so far. */
export interface ReplayState {
  ownerPartyId: string;
  version: number;
  status: CouponRow["status"];
}

export interface HistoryContext {
  coupon: CouponRow;
  keys: IssuerKeyLookup;
  transfers: Map<string, TransferRow>;
  /** party of each user who signed something in this history */
  userParty: Map<string, string>;
  /** The campaign that issued the coupon, if any (its offer rests on the campaign's authorization). */
  campaign?: typeof campaigns.$inferSelect;
}

/** True when `attestation` is a valid owner-attestation signature over (coupon, owner, version). */
export function ownerAttestationValid(
  keys: IssuerKeyLookup,
  couponId: string,
  attestation: OwnerAttestation | undefined,
  ownerPartyId: string,
  version: number,
): boolean {
  if (!attestation || typeof attestation.signature !== "string") return false;
  const key = keys.get(attestation.kid);
  if (key?.purpose !== "owner_attestation") return false;
  const payload = ownerPayload({ kid: attestation.kid, couponId, ownerPartyId, version });
  return verify(null, Buffer.from(payload), key.key, Buffer.from(attestation.signature, "base64url"));
}

async function passkeyByParty(
  context: HistoryContext,
  authorization: unknown,
  partyId: string | null,
  operation: Parameters<typeof verifyRecordedAuthorization>[1],
): Promise<boolean> {
  const recorded = authorization as PasskeyAuthorization | null;
  if (recorded?.kind !== "passkey" || !partyId) return false;
  if (context.userParty.get(recorded.userId) !== partyId) return false;
  return verifyRecordedAuthorization(recorded, operation);
}

/**
 * Whether an `offered` event proves the owner authorised it: a person's passkey assertion over exactly this
 * offer, or over a `checkout.pay` operation that names this shop as payee and this coupon (or the parent it was
 * split from to pay part) at this version; a shop's offer (a refund) carries the issuer's signature over it.
 */
async function offerAuthorised(
  context: HistoryContext,
  state: ReplayState,
  data: Record<string, unknown>,
  transfer: TransferRow | undefined,
): Promise<boolean> {
  const { coupon } = context;
  if (!transfer || transfer.couponVersion !== state.version || transfer.fromPartyId !== state.ownerPartyId) {
    return false;
  }
  const offer = offerOperation({
    couponId: coupon.id,
    version: transfer.couponVersion,
    recipientPartyId: transfer.toPartyId,
    claimCodeHash: transfer.claimCodeHash,
    expiresAt: transfer.expiresAt,
  });
  const campaignId = campaignBasisOf(transfer);
  if (campaignId !== null) {
    return campaignOfferAuthorised(context.campaign, {
      campaignId,
      couponCampaignId: coupon.campaignId,
      fromPartyId: state.ownerPartyId,
    });
  }
  if (data.shopOfferAttestation !== undefined) {
    return shopOfferAttestationValid(context.keys, data.shopOfferAttestation, offer);
  }
  const recorded = data.authorization as PasskeyAuthorization | null | undefined;
  const checkout = recorded?.operation;
  if (checkout?.type === "checkout.pay") {
    const paysThisCoupon =
      checkout.shop === transfer.toPartyId &&
      checkout.payer === state.ownerPartyId &&
      plannedEntryFor(checkout, coupon, transfer.couponVersion);
    return paysThisCoupon && (await passkeyByParty(context, recorded, state.ownerPartyId, checkout));
  }
  if (checkout?.type === "transfer.give_part") {
    const givesThisCoupon = givePartCoversOffer(checkout, coupon, transfer);
    return givesThisCoupon && (await passkeyByParty(context, recorded, state.ownerPartyId, checkout));
  }
  if (checkout?.type === "transfer.give_group") {
    const givesThisCoupon = giveGroupCoversOffer(checkout, coupon, transfer);
    return givesThisCoupon && (await passkeyByParty(context, recorded, state.ownerPartyId, checkout));
  }
  return passkeyByParty(context, recorded, state.ownerPartyId, offer);
}

const allowedFrom: Record<string, ReplayState["status"][]> = {
  offered: ["active"],
  accepted: ["offered"],
  declined: ["offered"],
  cancelled: ["offered"],
  transfer_expired: ["offered"],
  split: ["active"],
  converted: ["active", "expired"],
  expired: ["active", "offered"],
  voided: ["active"],
  revoked: ["active", "offered", "expired", "converted"],
};
const statusAfter: Record<string, ReplayState["status"]> = {
  offered: "offered",
  accepted: "active",
  declined: "active",
  cancelled: "active",
  transfer_expired: "active",
  split: "split",
  converted: "converted",
  expired: "expired",
  voided: "void",
  revoked: "revoked",
};

/**
 * Checks one event after the first against the replayed state and re-verifies the signatures it records.
 * Returns the problems found (empty when the event is sound) and the state after it.
 */
export async function checkHistoryEvent(
  context: HistoryContext,
  state: ReplayState,
  event: EventRow,
): Promise<{ problems: string[]; state: ReplayState }> {
  const problems: string[] = [];
  const data = event.data as Record<string, unknown>;
  const { coupon } = context;
  const at = `event ${event.seq} (${event.kind})`;
  if (!(allowedFrom[event.kind] ?? []).includes(state.status))
    problems.push(`${at}: not allowed from ${state.status}`);
  const next: ReplayState = { ...state, status: statusAfter[event.kind] ?? state.status };
  const transfer = event.transferId ? context.transfers.get(event.transferId) : undefined;
  if (event.kind === "offered") {
    if (!(await offerAuthorised(context, state, data, transfer))) {
      problems.push(`${at}: the owner's passkey authorization does not verify`);
    }
  } else if (event.kind === "accepted") {
    next.ownerPartyId = event.toPartyId ?? "";
    next.version = state.version + 1;
    const attestation = data.ownerAttestation as OwnerAttestation | undefined;
    if (transfer?.status !== "accepted" || transfer.acceptedByPartyId !== event.toPartyId) {
      problems.push(`${at}: the transfer does not record this acceptance`);
    }
    if (!ownerAttestationValid(context.keys, coupon.id, attestation, next.ownerPartyId, next.version)) {
      problems.push(`${at}: the owner attestation does not verify`);
    }
    if (attestation?.basis !== "issuer") {
      const accepted = {
        transferId: event.transferId ?? "",
        couponId: coupon.id,
        ownerPartyId: next.ownerPartyId,
        version: next.version,
      };
      // A gift of several coupons is accepted under one assertion over all of them (`transfer.accept_group`).
      const group = (data.authorization as PasskeyAuthorization | null | undefined)?.operation;
      const operation =
        group?.type === "transfer.accept_group" && acceptGroupCovers(group, accepted)
          ? group
          : acceptOperation(accepted);
      if (!(await passkeyByParty(context, data.authorization, next.ownerPartyId, operation))) {
        problems.push(`${at}: the new owner's passkey authorization does not verify`);
      }
    }
  } else if (event.kind === "converted" && data.authorization) {
    const operation = convertOperation({
      couponId: coupon.id,
      version: state.version,
      amountMinor: coupon.amountMinor,
      currency: coupon.currency,
    });
    if (!(await passkeyByParty(context, data.authorization, state.ownerPartyId, operation))) {
      problems.push(`${at}: the holder's passkey authorization does not verify`);
    }
  }
  if (event.version !== next.version)
    problems.push(`${at}: records version ${event.version}, expected ${next.version}`);
  return { problems, state: next };
}

/** Checks the first event: `issued`, with a valid value signature and owner part. */
export async function checkIssuedEvent(
  context: HistoryContext,
  event: EventRow,
  parent: CouponRow | undefined,
) {
  const problems: string[] = [];
  const { coupon } = context;
  const data = event.data as Record<string, unknown>;
  if (event.kind !== "issued" || event.version !== 1)
    problems.push("the first event is not the issue at version 1");
  const attestation = data.ownerAttestation as OwnerAttestation | undefined;
  if (!ownerAttestationValid(context.keys, coupon.id, attestation, event.toPartyId ?? "", 1)) {
    problems.push("the first owner attestation does not verify");
  }
  if (attestation?.basis === "passkey") {
    const operation = issueOperation({
      couponId: coupon.id,
      partyId: coupon.requesterPartyId,
      amountMinor: coupon.amountMinor,
      currency: coupon.currency,
      expiresInDays: Number(data.expiresInDays),
    });
    if (!(await passkeyByParty(context, data.authorization, event.toPartyId, operation))) {
      problems.push("the requester's passkey authorization of the issue does not verify");
    }
  } else if (attestation?.basis === "split") {
    if (
      !parent ||
      parent.id !== data.parentId ||
      parent.status !== "split" ||
      parent.ownerPartyId !== event.toPartyId
    ) {
      problems.push("the split this coupon came from does not match its parent");
    }
  }
  return problems;
}
