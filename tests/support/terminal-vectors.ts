import type { Operation } from "../../lib/auth/operations";
import { operationDigest } from "../../lib/auth/operations";
import { signPayload } from "../../lib/coupons/coupon-token";
import { parseCouponToken } from "../../lib/coupons/parse-coupon-token";
import { newId } from "../../lib/ids";
import type { TerminalRelyingParty } from "../../lib/terminal/check-recorded-assertion";
import type {
  RecordedAssertion,
  TerminalIncomingOffer,
  TerminalJwk,
} from "../../lib/terminal/terminal-types";
import {
  aboutCoupon,
  attacker,
  attackerX,
  fields,
  flipLast,
  recordAssertion,
  resigned,
  segmentOf,
  shortFormOf,
} from "./terminal-forgery";
import type { AssertionOverrides, TestAuthenticator } from "./test-authenticator";

/**
 * The vectors the wallet terminal's verifier is held to (issue #16, claim 7): from one genuine offer, the same
 * offer forged, tampered, expired, misaddressed and malformed in many ways, each naming the checks that must fail.
 * The unit test builds the genuine offer from keys of its own; the integration test from the real server, and
 * also runs the server's verifiers over every vector.
 */
export interface TerminalSetting {
  offer: TerminalIncomingOffer;
  jwks: { keys: TerminalJwk[] };
  now: Date;
  recipient: { partyId: string } | { open: true };
  rp: TerminalRelyingParty;
}

export interface TerminalVector extends TerminalSetting {
  name: string;
  /** The checks that must fail; empty when the offer verifies. */
  failing: string[];
}

export interface TerminalBase extends TerminalSetting {
  /** The giver's passkey, to sign other operations as the giver could. */
  giver: TestAuthenticator;
  giverUserId: string;
  /** A genuine token of a coupon someone else holds. */
  otherToken: string;
  otherPartyId: string;
}

const tokenFails = ["value_signature", "owner_part", "expiry"];

/** Every vector made from one genuine offer (which itself must verify, in both token forms). */
export function terminalVectors(base: TerminalBase): TerminalVector[] {
  const { offer, jwks, now } = base;
  // A shop's refund offer is a `transfer.offer` the issuer signed for the shop; a person's, what their passkey signed.
  const shop = offer.shopAttestation != null;
  const operation = (offer.giverAssertion?.operation ?? { type: "transfer.offer" }) as Operation;
  // The issuer's signature on a shop's offer covers its terms and needs the owner-attestation key.
  const withShop = shop ? ["giver_assertion", "offer_terms"] : [];
  const termsSigned = shop ? ["giver_assertion"] : [];
  const parsed = parseCouponToken(offer.token);
  const otherCoupon = parseCouponToken(base.otherToken);
  if (!parsed || !otherCoupon) throw new Error("the base tokens must be genuine");
  const valueKid = parsed.value.kid;
  const ownerKid = parsed.owner.kid;
  const vectors: TerminalVector[] = [];
  const add = (name: string, change: Partial<TerminalSetting>, failing: string[]) =>
    vectors.push({ name, offer, jwks, now, recipient: base.recipient, rp: base.rp, ...change, failing });
  const withOffer = (change: Partial<TerminalIncomingOffer>) => ({ offer: { ...offer, ...change } });
  const withKeys = (edit: (key: TerminalJwk) => TerminalJwk | undefined) => ({
    jwks: { keys: jwks.keys.flatMap((key) => edit({ ...key }) ?? []) },
  });
  const offerEnds = new Date(offer.expiresAt);

  add("genuine, long form", {}, []);
  add("genuine, short form", withOffer({ token: shortFormOf(offer.token) }), []);
  // The issuer's signatures.
  add("value part signed by someone else", withOffer({ token: resigned(offer.token, "value", () => {}) }), [
    "value_signature",
  ]);
  add("owner part signed by someone else", withOffer({ token: resigned(offer.token, "owner", () => {}) }), [
    "owner_part",
  ]);
  add(
    "owner part naming the receiver, forged",
    withOffer({
      token: resigned(offer.token, "owner", (o) => {
        o.o = base.otherPartyId;
      }),
    }),
    ["owner_part"],
  );
  const raised = offer.token.split(".");
  raised[1] = segmentOf({ ...fields(raised[1] as string), a: "999999" });
  // A gift names its amount, so a raised value is also not what the giver confirmed.
  const gift = operation.type === "transfer.offer" ? [] : ["offer_terms"];
  add("value raised after signing", withOffer({ token: raised.join(".") }), ["value_signature", ...gift]);
  add(
    "value part under a kid nobody published",
    withOffer({
      token: resigned(offer.token, "value", (v) => {
        v.k = newId("issuerKey");
      }),
    }),
    ["value_signature"],
  );
  add(
    "value key missing from the keys",
    withKeys((key) => (key.kid === valueKid ? undefined : key)),
    ["value_signature"],
  );
  add(
    "owner key missing from the keys",
    withKeys((key) => (key.kid === ownerKid ? undefined : key)),
    ["owner_part", ...withShop],
  );
  add(
    "value key published for the owner part",
    withKeys((key) => (key.kid === valueKid ? { ...key, purpose: "owner_attestation" } : key)),
    ["value_signature"],
  );
  add(
    "owner key published for the value part",
    withKeys((key) => (key.kid === ownerKid ? { ...key, purpose: "value" } : key)),
    ["owner_part", ...withShop],
  );
  add(
    "published value key replaced",
    withKeys((key) => (key.kid === valueKid ? { ...key, x: attackerX } : key)),
    ["value_signature"],
  );
  // The owner part against the offer.
  add("the token of another person's coupon", withOffer({ token: base.otherToken }), ["owner_part", ...gift]);
  add("an offer by someone who does not own the coupon", withOffer({ fromPartyId: base.otherPartyId }), [
    "owner_part",
    ...(operation.type === "transfer.give_group" ? ["offer_terms"] : []),
  ]);
  add("the coupon changed hands since the offer", withOffer({ couponVersion: offer.couponVersion + 1 }), [
    "owner_part",
    "offer_terms",
    ...termsSigned,
  ]);
  // Time.
  const couponEnds = parsed.value.expiresAt;
  add("the coupon has expired", { now: couponEnds }, [
    "expiry",
    ...(offerEnds <= couponEnds ? ["offer_open"] : []),
  ]);
  add("the offer has ended", { now: offerEnds }, [
    ...(couponEnds <= offerEnds ? ["expiry"] : []),
    "offer_open",
  ]);
  if (shop) shopVectors(base, add, withOffer);
  else passkeyVectors(base, add, withOffer);
  // The coupon a given part was split from, which the gift operations name.
  if (offer.parentCouponId !== null) {
    add("a given part without its parent", withOffer({ parentCouponId: null }), ["offer_terms"]);
    add("a given part split from another coupon", withOffer({ parentCouponId: otherCoupon.value.couponId }), [
      "offer_terms",
    ]);
  }
  // Who it is for.
  add("an offer meant for someone else", { recipient: { partyId: base.otherPartyId } }, ["offer_terms"]);
  add(
    "a directed offer taken for a claim link",
    { recipient: "open" in base.recipient ? { partyId: base.otherPartyId } : { open: true } },
    ["offer_terms"],
  );
  // Malformed input never throws and fails the checks it touches.
  for (const token of [
    "",
    "scrip1.",
    "scrip1.a.b.c.d",
    "SCRIP2.AAAA",
    "SCRIP2.scrip",
    `scrip1.${"A".repeat(2000)}`,
    `${offer.token}.x`,
    offer.token.replace(/\.[^.]+$/, ".!!"),
  ]) {
    add(`malformed token ${JSON.stringify(token.slice(0, 24))}`, withOffer({ token }), [
      ...tokenFails,
      ...gift,
    ]);
  }
  add("no confirmation by the giver", withOffer({ giverAssertion: null, shopAttestation: null }), [
    "giver_assertion",
    "offer_terms",
  ]);
  add("no keys at all", { jwks: { keys: [] } }, ["value_signature", "owner_part", ...withShop]);
  add("keys not a list", { jwks: { keys: "none" as unknown as TerminalJwk[] } }, [
    "value_signature",
    "owner_part",
    ...withShop,
  ]);
  add("offer end not a date", withOffer({ expiresAt: "soon" }), [
    "offer_terms",
    "offer_open",
    ...termsSigned,
  ]);
  for (const [name, hostile] of [
    ["no offer", null],
    ["an empty offer", {}],
    ["a version in words", { ...offer, couponVersion: "1" }],
    ["a number for a recipient", { ...offer, toPartyId: 5 }],
  ] as const) {
    add(name, { offer: hostile as unknown as TerminalIncomingOffer }, ["offer"]);
  }
  return vectors;
}

type Add = (name: string, change: Partial<TerminalSetting>, failing: string[]) => void;
type WithOffer = (change: Partial<TerminalIncomingOffer>) => { offer: TerminalIncomingOffer };

/** A person's offer: their recorded passkey assertion forged, tampered, re-made and malformed. */
function passkeyVectors(base: TerminalBase, add: Add, withOffer: WithOffer): void {
  const { giver, giverUserId } = base;
  const assertion = base.offer.giverAssertion;
  const otherCoupon = parseCouponToken(base.otherToken);
  if (!assertion || !otherCoupon) throw new Error("a person's offer needs their assertion");
  const operation = assertion.operation as Operation;
  const offerEnds = new Date(base.offer.expiresAt);
  const withAssertion = (change: Partial<RecordedAssertion>) =>
    withOffer({ giverAssertion: { ...assertion, ...change } });
  const withSigned = (change: Partial<RecordedAssertion["response"]["response"]>) =>
    withAssertion({
      response: { ...assertion.response, response: { ...assertion.response.response, ...change } },
    });
  const signedAgain = (next: Operation, overrides: AssertionOverrides = {}) =>
    withOffer({ giverAssertion: recordAssertion(giver, giverUserId, next, overrides) });
  add(
    "assertion signature tampered",
    withSigned({ signature: flipLast(assertion.response.response.signature) }),
    ["giver_assertion"],
  );
  add(
    "authenticator data tampered",
    withSigned({ authenticatorData: flipLast(assertion.response.response.authenticatorData) }),
    ["giver_assertion"],
  );
  add("assertion over another coupon", signedAgain(aboutCoupon(operation, otherCoupon.value.couponId)), [
    "offer_terms",
  ]);
  add("assertion for another recipient", signedAgain({ ...operation, recipient: base.otherPartyId }), [
    "offer_terms",
  ]);
  add(
    "assertion with a later end",
    signedAgain({ ...operation, expiresAt: new Date(offerEnds.getTime() + 60_000).toISOString() }),
    ["offer_terms"],
  );
  add(
    "operation swapped after signing",
    withAssertion({ operation: aboutCoupon(operation, otherCoupon.value.couponId) }),
    ["giver_assertion", "offer_terms"],
  );
  const swapped = aboutCoupon(operation, otherCoupon.value.couponId);
  add(
    "operation and digest swapped after signing",
    withAssertion({ operation: swapped, digest: operationDigest(swapped) }),
    ["giver_assertion", "offer_terms"],
  );
  add("another site expected", { rp: { ...base.rp, origin: "https://scrip.example.net" } }, [
    "giver_assertion",
  ]);
  add("another relying party expected", { rp: { ...base.rp, rpID: "scrip.example.net" } }, [
    "giver_assertion",
  ]);
  add("assertion made on another site", signedAgain(operation, { origin: "https://evil.example" }), [
    "giver_assertion",
  ]);
  add("assertion made for another relying party", signedAgain(operation, { rpId: "evil.example" }), [
    "giver_assertion",
  ]);
  add("assertion without user verification", signedAgain(operation, { userVerified: false }), [
    "giver_assertion",
  ]);
  add("registration data passed off as an assertion", signedAgain(operation, { type: "webauthn.create" }), [
    "giver_assertion",
  ]);
  const stranger = recordAssertion(giver, giverUserId, operation);
  add(
    "another passkey's public key recorded",
    withAssertion({ publicKey: Buffer.from(new Uint8Array([0xa1, 1, 2])).toString("base64url") }),
    ["giver_assertion"],
  );
  add("another assertion's challenge", withAssertion({ challenge: stranger.challenge }), ["giver_assertion"]);
  add(
    "assertion without a response",
    withAssertion({ response: "x" as unknown as RecordedAssertion["response"] }),
    ["giver_assertion"],
  );
  add("clientDataJSON not base64url", withSigned({ clientDataJSON: "{not base64}" }), ["giver_assertion"]);
  add("authenticator data cut short", withSigned({ authenticatorData: "AAAA" }), ["giver_assertion"]);
  add("operation with a fractional number", withAssertion({ operation: { ...operation, version: 1.5 } }), [
    "giver_assertion",
    "offer_terms",
  ]);
}

/** A shop's refund offer: the issuer's signature on the shop's behalf forged, tampered and misapplied. */
function shopVectors(base: TerminalBase, add: Add, withOffer: WithOffer): void {
  const attestation = base.offer.shopAttestation;
  if (!attestation) throw new Error("a shop's offer needs the issuer's signature");
  const both = ["giver_assertion", "offer_terms"];
  const withAttestation = (change: Partial<typeof attestation>) =>
    withOffer({ shopAttestation: { ...attestation, ...change } });
  add("shop signature tampered", withAttestation({ signature: flipLast(attestation.signature) }), both);
  add(
    "shop signature by someone else",
    withAttestation({ signature: signPayload("refund", attacker) }),
    both,
  );
  add(
    "shop signature under the value key",
    withAttestation({ kid: parseCouponToken(base.offer.token)?.value.kid }),
    both,
  );
  add("shop signature not base64url", withAttestation({ signature: "!!" }), both);
  add("shop signature kid not text", withAttestation({ kid: 5 as unknown as string }), both);
  add(
    "a refund offer turned to someone else",
    {
      ...withOffer({ toPartyId: base.otherPartyId }),
      recipient: { partyId: base.otherPartyId },
    },
    both,
  );
  add(
    "a refund offer with a later end",
    withOffer({ expiresAt: new Date(Date.parse(base.offer.expiresAt) + 1000).toISOString() }),
    both,
  );
}
