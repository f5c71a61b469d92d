/**
 * The wallet terminal's contract (issue #16): what the server hands a signed-in person's browser to keep in its
 * encrypted memory, and what the terminal's verifier checks. Plain JSON types only, importable from the server,
 * the browser and tests alike (no Node or browser APIs here). Money is a decimal string of minor units and every
 * time an ISO 8601 string, so a snapshot survives JSON and IndexedDB unchanged.
 */

/** One of the issuer's published keys, as served at /.well-known/jwks.json. */
export interface TerminalJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  use: "sig";
  alg: "EdDSA";
  /** `value` (signs the value part) or `owner_attestation` (signs the owner part). */
  purpose: string;
  status: string;
}

/** A recorded passkey assertion over one operation (the server's `PasskeyAuthorization`, as JSON). */
export interface RecordedAssertion {
  kind: "passkey";
  userId: string;
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** The operation, e.g. `{ type: "transfer.offer", couponId, version, … }`; its canonical JSON is hashed. */
  operation: { type: string } & Record<string, unknown>;
  /** SHA-256 of the canonical operation, base64url. */
  digest: string;
  /** base64url: 16 random bytes followed by the 32-byte digest. */
  challenge: string;
  origin: string;
  rpID: string;
  /** WebAuthn AuthenticationResponseJSON. */
  response: {
    id: string;
    rawId: string;
    type: string;
    response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle?: string };
    clientExtensionResults?: Record<string, unknown>;
    authenticatorAttachment?: string;
  };
  verifiedAt: string;
}

/** One line of a coupon's progress, as the terminal shows it (already in the viewer's words). */
export interface TerminalTimelineEntry {
  seq: number;
  /** The event kind, e.g. `issued`, `offered`, `accepted`, `split`. */
  kind: string;
  /** Plain words, e.g. "Offered to Bob". */
  text: string;
  at: string;
}

/** A coupon the person holds now (or has offered and not yet seen answered). */
export interface TerminalCoupon {
  id: string;
  amountMinor: string;
  currency: string;
  /** active, offered, …: the coupon's state as the wallet shows it at `asOf`. */
  status: string;
  version: number;
  issuedAt: string;
  expiresAt: string;
  /** The full token, `scrip1.…` (both signed parts). */
  token: string;
  /** The short form the QR code carries, `SCRIP2.…`, or null when the coupon does not fit it. */
  compactToken: string | null;
  timeline: TerminalTimelineEntry[];
}

/** An offer waiting for this person's answer, with what the terminal needs to verify it itself (claim 7). */
export interface TerminalIncomingOffer {
  transferId: string;
  /** A gift of several coupons: its group (each coupon of it is listed as its own offer with the same id). */
  groupId: string | null;
  fromName: string;
  expiresAt: string;
  /** The offered coupon's current token: value part signed by the issuer, owner part naming the giver. */
  token: string;
  /** The terms the giver's passkey signed; the terminal checks they name this coupon, version and recipient. */
  couponId: string;
  couponVersion: number;
  /** The recipient party (this person) or null for an open (claim link) offer. */
  toPartyId: string | null;
  /** The giver's party: the owner the token's owner part must name. */
  fromPartyId: string;
  /**
   * The coupon this one was split from when the giver gave part of a coupon (`transfer.give_part`, or the last
   * coupon of a `transfer.give_group`): their operation names that parent, and this coupon is offered at version 1.
   * Null otherwise.
   */
  parentCouponId: string | null;
  /**
   * The giver's recorded passkey assertion. Its operation is `transfer.offer` (this coupon), `transfer.give_part`
   * (the parent and the part given) or `transfer.give_group` (every coupon of the gift, with the part each gives).
   * Null when a shop offers (a refund): a shop has no passkey, see `shopAttestation`.
   */
  giverAssertion: RecordedAssertion | null;
  /**
   * A shop's offer (a refund): the issuer's `owner_attestation` key signs, for the shop, the canonical JSON of
   * `{ purpose: "scrip.shop-offer.v1", kid, offer }`, where `offer` is this offer's `transfer.offer` operation.
   * Null for a person's offer.
   */
  shopAttestation: { kid: string; signature: string } | null;
}

/** An offer this person made and that is not answered yet. */
export interface TerminalOutgoingOffer {
  transferId: string;
  couponId: string;
  /** The recipient's name, or null for a claim link. */
  toName: string | null;
  amountMinor: string;
  currency: string;
  expiresAt: string;
}

/** Everything the terminal keeps for one person, as of one moment. */
export interface TerminalSnapshot {
  /** The snapshot format; bump when it changes so old copies are refreshed, never misread. */
  format: 1;
  /** The person's party id, which the owner parts of their coupons name. */
  partyId: string;
  /** When the server read it. */
  asOf: string;
  coupons: TerminalCoupon[];
  incomingOffers: TerminalIncomingOffer[];
  outgoingOffers: TerminalOutgoingOffer[];
  jwks: { keys: TerminalJwk[] };
  /**
   * True when the person holds more coupons (or has more open offers, in or out) than a snapshot carries: 500
   * of each. The terminal then says so.
   */
  truncated: boolean;
}

/** One check the terminal made on an offered coupon, shown to the person before they accept. */
export interface TerminalCheck {
  /** e.g. `value_signature`, `owner_part`, `giver_assertion`, `offer_terms`, `expiry`. */
  name: string;
  ok: boolean;
  /** Plain words, e.g. "Signed by the issuer (key value-2026-11)". */
  text: string;
}

/** The terminal's verdict on an offered coupon: accept only when `ok`. */
export interface TerminalVerdict {
  ok: boolean;
  checks: TerminalCheck[];
}
