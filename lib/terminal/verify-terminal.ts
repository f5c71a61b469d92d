import type { ValuePart } from "@/lib/coupons/coupon-payloads";
import { type ParsedCouponToken, parseCouponToken } from "@/lib/coupons/parse-coupon-token";
import type { TokenVerification } from "@/lib/coupons/verify-coupon-token";
import { formatDateTime } from "@/lib/dates/format-date";
import { formatMoney } from "@/lib/money/money";
import {
  checkRecordedAssertion,
  recordedOperationOf,
  type TerminalRelyingParty,
} from "./check-recorded-assertion";
import { shopOfferAttested } from "./check-shop-offer";
import { issuerSignatureVerdict, type KeyVerdict } from "./issuer-signature";
import { offerCovered } from "./offer-covered";
import type { TerminalCheck, TerminalIncomingOffer, TerminalJwk, TerminalVerdict } from "./terminal-types";

/**
 * The wallet terminal's own verifier (claim 7): it checks an offered coupon before the person accepts it, with
 * nothing but the issuer's published keys and WebCrypto, so the same module runs in the browser and in Node (where
 * the tests hold it to the server's verdicts). It reads tokens with the server's parser (parseCouponToken).
 */

async function tokenVerdicts(parsed: ParsedCouponToken, jwks: { keys: TerminalJwk[] }) {
  const { value, owner, signedBytes, signatures } = parsed;
  return {
    value: await issuerSignatureVerdict(jwks, value.kid, "value", signedBytes.value, signatures.value),
    owner: await issuerSignatureVerdict(
      jwks,
      owner.kid,
      "owner_attestation",
      signedBytes.owner,
      signatures.owner,
    ),
  };
}

/**
 * Verifies a coupon token of either form in the terminal: the issuer's value signature and owner attestation, each
 * by a published key of the right purpose, then the expiry. The same verdicts as the server's verifyCouponToken;
 * never throws.
 */
export async function verifyCouponInTerminal(
  token: string,
  jwks: { keys: TerminalJwk[] },
  now: Date,
): Promise<TokenVerification> {
  const parsed = parseCouponToken(token);
  if (!parsed) return { status: "malformed" };
  const verdicts = await tokenVerdicts(parsed, jwks);
  if (verdicts.value === "unknown_key" || verdicts.owner === "unknown_key") return { status: "unknown_key" };
  if (verdicts.value !== "ok" || verdicts.owner !== "ok") return { status: "bad_signature" };
  const coupon = { value: parsed.value, owner: parsed.owner };
  return { status: now >= parsed.value.expiresAt ? "expired" : "valid", coupon };
}

const check = (name: string, ok: boolean, text: string): TerminalCheck => ({ name, ok, text });

function worth(value: ValuePart): string {
  try {
    return formatMoney(value);
  } catch {
    return "an amount in a currency this wallet does not know";
  }
}

const valueTexts: Record<KeyVerdict, string> = {
  ok: "",
  unknown_key: "The coupon's value is signed with a key the issuer has not published.",
  bad_signature: "The issuer's signature on the coupon's value is not valid.",
};

function ownerCheck(
  offer: TerminalIncomingOffer,
  parsed: ParsedCouponToken,
  verdict: KeyVerdict,
): TerminalCheck {
  const { owner, value } = parsed;
  if (verdict === "unknown_key") {
    return check(
      "owner_part",
      false,
      "The coupon's owner is signed with a key the issuer has not published.",
    );
  }
  if (verdict === "bad_signature") {
    return check("owner_part", false, "The issuer's signature on the coupon's owner is not valid.");
  }
  if (value.couponId !== offer.couponId) return check("owner_part", false, "This is not the coupon offered.");
  if (owner.ownerPartyId !== offer.fromPartyId) {
    return check("owner_part", false, `The coupon does not belong to ${offer.fromName}.`);
  }
  if (owner.version !== offer.couponVersion) {
    return check("owner_part", false, "The coupon has changed hands since it was offered.");
  }
  return check("owner_part", true, `The issuer records ${offer.fromName} as the coupon's owner.`);
}

/** The offer is for `expectedRecipient`, and what the giver confirmed is this offer (`covered`). */
function termsCheck(
  offer: TerminalIncomingOffer,
  expectedRecipient: { partyId: string } | { open: true },
  covered: boolean | undefined,
): TerminalCheck {
  const forMe =
    "partyId" in expectedRecipient ? offer.toPartyId === expectedRecipient.partyId : offer.toPartyId === null;
  if (!forMe) return check("offer_terms", false, "This offer is not meant for you.");
  if (covered === undefined) {
    return check("offer_terms", false, "The terms the giver confirmed could not be checked.");
  }
  if (!covered) return check("offer_terms", false, `What ${offer.fromName} confirmed is not this offer.`);
  const to = offer.toPartyId === null ? "whoever holds the claim link" : "you";
  return check("offer_terms", true, `${offer.fromName} confirmed giving this coupon to ${to}.`);
}

/** The giver's confirmation: a person's recorded passkey assertion, or for a shop's offer the issuer's signature. */
async function giverChecks(
  offer: TerminalIncomingOffer,
  jwks: { keys: TerminalJwk[] },
  value: ValuePart | undefined,
  expectedRecipient: { partyId: string } | { open: true },
  rp: TerminalRelyingParty,
): Promise<TerminalCheck[]> {
  if (offer.shopAttestation != null) {
    // The issuer signs the shop's exact offer, so a valid signature is also the proof of its terms.
    const attested = await shopOfferAttested(offer, jwks);
    return [
      attested
        ? check("giver_assertion", true, `The issuer signed this offer for ${offer.fromName}.`)
        : check("giver_assertion", false, "The issuer's signature on this offer is not valid."),
      termsCheck(offer, expectedRecipient, attested),
    ];
  }
  const assertion = await checkRecordedAssertion(offer.giverAssertion, rp);
  const operation = recordedOperationOf(offer.giverAssertion);
  return [
    assertion.ok
      ? check("giver_assertion", true, `${offer.fromName}'s passkey signed the offer.`)
      : check("giver_assertion", false, assertion.text),
    termsCheck(offer, expectedRecipient, operation && offerCovered(operation, offer, value)),
  ];
}

function offerOpenCheck(offer: TerminalIncomingOffer, now: Date): TerminalCheck {
  const endsAt = new Date(offer.expiresAt);
  if (Number.isNaN(endsAt.getTime())) return check("offer_open", false, "The offer's end could not be read.");
  return now < endsAt
    ? check("offer_open", true, `The offer is open until ${formatDateTime(endsAt)}.`)
    : check("offer_open", false, `The offer ended on ${formatDateTime(endsAt)}.`);
}

const unreadable = (offer: unknown): boolean => {
  const o = offer as Partial<Record<keyof TerminalIncomingOffer, unknown>> | null;
  return (
    o === null ||
    typeof o !== "object" ||
    typeof o.token !== "string" ||
    typeof o.couponId !== "string" ||
    typeof o.fromPartyId !== "string" ||
    typeof o.fromName !== "string" ||
    typeof o.expiresAt !== "string" ||
    !Number.isSafeInteger(o.couponVersion) ||
    !(o.toPartyId === null || typeof o.toPartyId === "string")
  );
};

/**
 * Checks an offered coupon before the person accepts it: the issuer's value signature, the owner part naming the
 * giver at the offered version, the coupon's expiry, the giver's recorded passkey assertion (made on `rp`) — or for
 * a shop's refund offer the issuer's signature on the shop's behalf — that what the giver confirmed is exactly
 * this offer to `expectedRecipient`, and that the offer is still open. Accept
 * only when the verdict is `ok`; every check is listed in plain words either way, named `value_signature`,
 * `owner_part`, `expiry`, `giver_assertion`, `offer_terms` and `offer_open` in that order (or the one check
 * `offer` when the offer itself cannot be read). Never throws.
 */
export async function verifyOfferInTerminal(
  offer: TerminalIncomingOffer,
  jwks: { keys: TerminalJwk[] },
  now: Date,
  expectedRecipient: { partyId: string } | { open: true },
  rp: TerminalRelyingParty,
): Promise<TerminalVerdict> {
  if (unreadable(offer)) {
    return { ok: false, checks: [check("offer", false, "The offer could not be read.")] };
  }
  try {
    const checks = await offerChecks(offer, jwks, now, expectedRecipient, rp);
    return { ok: checks.every((item) => item.ok), checks };
  } catch {
    // Hostile input the checks above did not foresee (a date no calendar can show) is refused, never thrown.
    return { ok: false, checks: [check("offer", false, "The offer could not be checked.")] };
  }
}

async function offerChecks(
  offer: TerminalIncomingOffer,
  jwks: { keys: TerminalJwk[] },
  now: Date,
  expectedRecipient: { partyId: string } | { open: true },
  rp: TerminalRelyingParty,
): Promise<TerminalCheck[]> {
  const parsed = parseCouponToken(offer.token);
  const checks: TerminalCheck[] = [];
  if (parsed) {
    const verdicts = await tokenVerdicts(parsed, jwks);
    const value = verdicts.value === "ok";
    const text = value ? `Signed by the issuer: worth ${worth(parsed.value)}.` : valueTexts[verdicts.value];
    checks.push(check("value_signature", value, text));
    checks.push(ownerCheck(offer, parsed, verdicts.owner));
    const expiresAt = formatDateTime(parsed.value.expiresAt);
    checks.push(
      now < parsed.value.expiresAt
        ? check("expiry", true, `The coupon is valid until ${expiresAt}.`)
        : check("expiry", false, `The coupon expired on ${expiresAt}.`),
    );
  } else {
    checks.push(check("value_signature", false, "The coupon could not be read."));
    checks.push(check("owner_part", false, "The coupon's owner could not be read."));
    checks.push(check("expiry", false, "The coupon's expiry could not be read."));
  }
  checks.push(...(await giverChecks(offer, jwks, parsed?.value, expectedRecipient, rp)));
  checks.push(offerOpenCheck(offer, now));
  return checks;
}
