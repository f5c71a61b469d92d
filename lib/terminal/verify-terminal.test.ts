import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Operation } from "@/lib/auth/operations";
import { encodeCouponToken, ownerPayload, signPayload, valuePayload } from "@/lib/coupons/coupon-token";
import { offerOperation } from "@/lib/coupons/operations";
import { newId } from "@/lib/ids";
import { giveGroupOperation } from "@/lib/transfers/gift-operations";
import { givePartOperation } from "@/lib/transfers/give-part-operation";
import { expectTerminalMatchesServer, type ServerTruth } from "@/tests/support/terminal-parity";
import { recordAssertion, type TerminalBase, terminalVectors } from "@/tests/support/terminal-vectors";
import { TestAuthenticator, type TestPasskeyAlgorithm } from "@/tests/support/test-authenticator";
import type { TerminalJwk } from "./terminal-types";
import { verifyCouponInTerminal, verifyOfferInTerminal } from "./verify-terminal";

/** An issuer of its own, so these vectors need no database (the integration test uses the server's keys). */
function issuerKey(purpose: "value" | "owner_attestation") {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  const jwk: TerminalJwk = {
    kty: "OKP",
    crv: "Ed25519",
    x,
    kid: newId("issuerKey"),
    use: "sig",
    alg: "EdDSA",
    purpose,
    status: "active",
  };
  return { privateKey, jwk };
}
const valueKey = issuerKey("value");
const ownerKey = issuerKey("owner_attestation");
const jwks = { keys: [valueKey.jwk, ownerKey.jwk] };
const now = new Date("2026-11-29T10:00:00Z");
const rp = { origin: "https://scrip.example", rpID: "scrip.example" };
const giverParty = newId("party");
const receiverParty = newId("party");

function token(input: {
  couponId: string;
  amountMinor: bigint;
  owner: string;
  version: number;
  expiresAt?: Date;
}) {
  const value = {
    kid: valueKey.jwk.kid,
    couponId: input.couponId,
    amountMinor: input.amountMinor,
    currency: "EUR",
    issuedAt: new Date("2026-11-01T00:00:00Z"),
    expiresAt: input.expiresAt ?? new Date("2026-12-31T00:00:00Z"),
  };
  const owner = {
    kid: ownerKey.jwk.kid,
    couponId: input.couponId,
    ownerPartyId: input.owner,
    version: input.version,
  };
  return encodeCouponToken({
    valuePayload: valuePayload(value),
    valueSignature: signPayload(valuePayload(value), valueKey.privateKey),
    ownerPayload: ownerPayload(owner),
    ownerSignature: signPayload(ownerPayload(owner), ownerKey.privateKey),
  });
}

type Kind =
  | "offer"
  | "claim link"
  | "part of a coupon"
  | "several coupons, a whole one"
  | "several coupons, the split part";

/** A genuine offer of each kind the server makes, with what the server knows of it. */
function genuine(
  kind: Kind,
  algorithm: TestPasskeyAlgorithm = "ES256",
): { base: TerminalBase; truth: ServerTruth } {
  const giver = new TestAuthenticator({ origin: rp.origin, rpId: rp.rpID, algorithm });
  const couponId = newId("coupon");
  const parentId = newId("coupon");
  const expiresAt = new Date("2026-11-30T10:00:00Z");
  const open = kind === "claim link";
  const claimCodeHash = open ? "a".repeat(64) : null;
  const terms = { recipientPartyId: open ? null : receiverParty, claimCodeHash, expiresAt };
  const split = kind === "part of a coupon" || kind === "several coupons, the split part";
  const version = split ? 1 : 4;
  const amountMinor = 400n;
  const operation: Operation =
    kind === "part of a coupon"
      ? givePartOperation({
          couponId: parentId,
          version: 2,
          currency: "EUR",
          giveMinor: amountMinor,
          ...terms,
        })
      : kind.startsWith("several")
        ? giveGroupOperation({
            giverPartyId: giverParty,
            currency: "EUR",
            giveMinor: 900n,
            coupons: split
              ? [
                  { couponId: newId("coupon"), version: 3, amountMinor: 500n, payMinor: 500n },
                  { couponId: parentId, version: 2, amountMinor: 1000n, payMinor: amountMinor },
                ]
              : [
                  { couponId, version, amountMinor, payMinor: amountMinor },
                  { couponId: parentId, version: 2, amountMinor: 1000n, payMinor: 500n },
                ],
            ...terms,
          })
        : offerOperation({ couponId, version, ...terms });
  const base: TerminalBase = {
    offer: {
      transferId: newId("transfer"),
      groupId: kind.startsWith("several") ? newId("transferGroup") : null,
      fromName: "Alice",
      expiresAt: expiresAt.toISOString(),
      token: token({ couponId, amountMinor, owner: giverParty, version }),
      couponId,
      couponVersion: version,
      toPartyId: terms.recipientPartyId,
      fromPartyId: giverParty,
      parentCouponId: split ? parentId : null,
      giverAssertion: recordAssertion(giver, newId("user"), operation),
    },
    jwks,
    now,
    recipient: open ? { open: true } : { partyId: receiverParty },
    rp,
    giver,
    giverUserId: newId("user"),
    otherToken: token({ couponId: newId("coupon"), amountMinor: 700n, owner: newId("party"), version: 2 }),
    otherPartyId: newId("party"),
  };
  return { base, truth: { claimCodeHash, parentId: split ? parentId : null, amountMinor, currency: "EUR" } };
}

const kinds: Kind[] = [
  "offer",
  "claim link",
  "part of a coupon",
  "several coupons, a whole one",
  "several coupons, the split part",
];

describe.each(kinds)("the terminal's verdict on %s", (kind) => {
  const { base, truth } = genuine(kind);
  it.each(terminalVectors(base).map((vector) => [vector.name, vector] as const))("%s", async (_, vector) => {
    await expectTerminalMatchesServer(vector, truth);
  });
});

describe("the giver's passkey of each kind", () => {
  it.each(["ES256", "EdDSA", "RS256"] as const)(
    "verifies a %s assertion and refuses it tampered",
    async (algorithm) => {
      const { base, truth } = genuine("offer", algorithm);
      const vectors = terminalVectors(base);
      for (const name of [
        "genuine, long form",
        "assertion signature tampered",
        "authenticator data tampered",
        "assertion over another coupon",
      ]) {
        await expectTerminalMatchesServer(vectors.find((vector) => vector.name === name)!, truth);
      }
    },
  );
});

describe("verifyOfferInTerminal", () => {
  it("says what it checked in plain words, in order, without ids", async () => {
    const { base } = genuine("offer");
    const verdict = await verifyOfferInTerminal(base.offer, jwks, now, base.recipient, rp);
    expect(verdict).toEqual({
      ok: true,
      checks: [
        { name: "value_signature", ok: true, text: "Signed by the issuer: worth €4.00." },
        { name: "owner_part", ok: true, text: "The issuer records Alice as the coupon's owner." },
        { name: "expiry", ok: true, text: "The coupon is valid until 31 Dec 2026, 00:00 UTC." },
        { name: "giver_assertion", ok: true, text: "Alice's passkey signed the offer." },
        { name: "offer_terms", ok: true, text: "Alice confirmed giving this coupon to you." },
        { name: "offer_open", ok: true, text: "The offer is open until 30 Nov 2026, 10:00 UTC." },
      ],
    });
  });

  it("tells an expired coupon from a forged one", async () => {
    const { base } = genuine("offer");
    const expired = token({
      couponId: base.offer.couponId,
      amountMinor: 400n,
      owner: giverParty,
      version: 4,
      expiresAt: new Date("2026-11-29T09:00:00Z"),
    });
    const verdict = await verifyOfferInTerminal(
      { ...base.offer, token: expired },
      jwks,
      now,
      base.recipient,
      rp,
    );
    expect(verdict.checks.filter((check) => !check.ok)).toEqual([
      { name: "expiry", ok: false, text: "The coupon expired on 29 Nov 2026, 09:00 UTC." },
    ]);
  });
});

describe("verifyCouponInTerminal", () => {
  it("returns the parsed parts of a valid token and refuses a key it cannot import", async () => {
    const couponId = newId("coupon");
    const verdict = await verifyCouponInTerminal(
      token({ couponId, amountMinor: 1250n, owner: giverParty, version: 2 }),
      jwks,
      now,
    );
    expect(verdict).toMatchObject({
      status: "valid",
      coupon: {
        value: { couponId, amountMinor: 1250n, currency: "EUR" },
        owner: { ownerPartyId: giverParty, version: 2 },
      },
    });
    const broken = { keys: [{ ...valueKey.jwk, x: "not-a-key" }, ownerKey.jwk] };
    const other = token({ couponId, amountMinor: 1250n, owner: giverParty, version: 2 });
    expect(await verifyCouponInTerminal(other, broken, now)).toEqual({ status: "unknown_key" });
    const attackerX = createPublicKey(generateKeyPairSync("ed25519").privateKey).export({ format: "jwk" })
      .x as string;
    expect(
      await verifyCouponInTerminal(other, { keys: [{ ...valueKey.jwk, x: attackerX }, ownerKey.jwk] }, now),
    ).toEqual({ status: "bad_signature" });
  });
});
