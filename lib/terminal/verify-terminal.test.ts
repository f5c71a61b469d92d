import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { expectTerminalMatchesServer } from "@/tests/support/terminal-parity";
import {
  genuine,
  giverParty,
  jwks,
  kinds,
  now,
  ownerKey,
  rp,
  token,
  valueKey,
} from "@/tests/support/terminal-synthetic";
import { terminalVectors } from "@/tests/support/terminal-vectors";
import { verifyCouponInTerminal, verifyOfferInTerminal } from "./verify-terminal";

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
