import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getRelyingParty } from "@/lib/auth/webauthn-config";
import { getJwks } from "@/lib/keys/get-jwks";
import { hashClaimCode, parseClaimCode } from "@/lib/transfers/claim-code";
import { walletPartyOf } from "@/lib/wallet/wallet-party";
import { listIncomingOffers } from "./terminal-offers";
import type { TerminalIncomingOffer, TerminalJwk } from "./terminal-types";

/** What the receiving terminal checks one offer (or every coupon of one gift) with, before it accepts. */
export interface OfferEvidence {
  /** The recipient the giver's passkey must have named: the acting person's party. */
  partyId: string;
  /** The offer's coupons still open to this person (empty: the offer is no longer theirs to accept). */
  offers: TerminalIncomingOffer[];
  jwks: { keys: TerminalJwk[] };
  /** The passkeys' relying-party id (public configuration): what the giver's assertion was made for. */
  rpID: string;
}

/**
 * The evidence for one offer made to the acting person (or open to whoever holds its claim code) — the offered coupons' current tokens, the terms, and
 * the giver's recorded passkey assertion (a shop's: the issuer's attestation) — with the issuer's published keys,
 * so their browser verifies it itself (claim 7) before asking Scrip to accept. Only offers to this person are
 * found (the party comes from the actor); unlike the whole terminal snapshot it needs no unlocked wallet, since
 * it carries none of the person's own coupons, only what the giver chose to offer them. Reads only.
 */
export async function getOfferEvidence(
  db: DbOrTx,
  actor: Actor,
  target: { transferId: string } | { groupId: string } | { claimCode: string },
  now = new Date(),
): Promise<OfferEvidence> {
  const partyId = walletPartyOf(actor, "coupons.hold");
  const only =
    "claimCode" in target ? { claimCodeHash: hashClaimCode(parseClaimCode(target.claimCode)) } : target;
  const [offers, jwks] = await Promise.all([listIncomingOffers(db, partyId, now, only), getJwks(db)]);
  return { partyId, offers, jwks, rpID: getRelyingParty().rpID };
}
