"use client";

import { formatDateTime } from "@/lib/dates/format-date";
import type { OfferEvidence } from "@/lib/terminal/get-offer-evidence";
import { isSnapshot } from "@/lib/terminal/snapshot-summary";
import type { TerminalCheck, TerminalJwk, TerminalVerdict } from "@/lib/terminal/terminal-types";
import { verifyOfferInTerminal } from "@/lib/terminal/verify-terminal";
import { readWalletRoute } from "./read-wallet-route";
import { useTerminalPort } from "./terminal-port";
import { snapshotRecord } from "./use-terminal-sync";

const refused = (name: string, text: string): TerminalVerdict => ({
  ok: false,
  checks: [{ name, ok: false, text }],
});

/** Which offer: one made to this person (by its transfer, or its gift), or an open one by its claim code. */
export type OfferTarget = { transferId: string; groupId: string | null } | { claimCode: string };

/** The offer's evidence from Scrip (its coupons' tokens, the terms, the giver's recorded passkey assertion). */
async function fetchEvidence(target: OfferTarget): Promise<OfferEvidence | { error: string }> {
  const body =
    "claimCode" in target
      ? { claimCode: target.claimCode }
      : target.groupId
        ? { groupId: target.groupId }
        : { transferId: target.transferId };
  const read = await readWalletRoute(
    "/api/wallet/offer-evidence",
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
    { purpose: "to check this offer", what: "this offer" },
  );
  if ("error" in read) return read;
  return (read.data as OfferEvidence | null) ?? { error: "Scrip's answer could not be read." };
}

/**
 * The receiving terminal's own checks of an offer before it asks Scrip to accept (claim 7): Scrip sends the
 * evidence (each offered coupon's token, the terms, the giver's recorded passkey assertion) and the issuer's
 * published keys, and this browser verifies every coupon of the offer itself with the same verifier the server's
 * tests run (lib/terminal/verify-terminal.ts): the issuer's signatures, that the giver owns each coupon, that the
 * giver's passkey signed exactly this offer to this person on this site, and both expiries. `ok` only when every
 * check of every coupon passed.
 */
export async function verifyOnDevice(
  target: OfferTarget,
  now = new Date(),
  kept: { jwks: { keys: TerminalJwk[] }; asOf: string } | null = null,
): Promise<TerminalVerdict> {
  const evidence = await fetchEvidence(target);
  if ("error" in evidence) return refused("evidence", `Nothing could be checked. ${evidence.error}`);
  const { offers, partyId, rpID } = evidence;
  // The issuer's keys this device kept when it last synced, when it keeps a copy: an offer is then checked against
  // keys that did not arrive with it. Without a copy, the keys sent with the offer are all there is.
  const jwks = kept?.jwks ?? evidence.jwks;
  const keysCheck: TerminalCheck = {
    name: "issuer_keys",
    ok: true,
    text: kept
      ? `Checked with the issuer's keys kept on this device (as of ${formatDateTime(new Date(kept.asOf))}).`
      : "Checked with the issuer's keys sent with the offer (this device keeps no copy of them).",
  };
  if (offers.length === 0) return refused("offer_open", "This offer is no longer open for you.");
  const rp = { origin: window.location.origin, rpID };
  const verdicts = await Promise.all(
    offers.map((offer) =>
      verifyOfferInTerminal(offer, jwks, now, "claimCode" in target ? { open: true } : { partyId }, rp),
    ),
  );
  const checks = verdicts.flatMap((verdict, index) =>
    verdict.checks.map((check) =>
      offers.length > 1
        ? { ...check, text: `Coupon ${index + 1} of ${offers.length}: ${check.text}` }
        : check,
    ),
  );
  return { ok: verdicts.every((verdict) => verdict.ok), checks: [keysCheck, ...checks] };
}

/**
 * `verifyOnDevice` with the issuer's keys from this device's copy when it is unlocked and holds a snapshot (the
 * wallet's pages), else with the keys sent with the offer (a claim page, a locked copy).
 */
export function useVerifyOnDevice(): (target: OfferTarget) => Promise<TerminalVerdict> {
  const port = useTerminalPort();
  return async (target) => {
    const stored =
      port.state === "unlocked" ? await port.loadRecord<unknown>(snapshotRecord).catch(() => null) : null;
    return verifyOnDevice(
      target,
      new Date(),
      isSnapshot(stored) ? { jwks: stored.jwks, asOf: stored.asOf } : null,
    );
  };
}

/** Why a device's checks refused an offer, in one sentence: an offer no longer open says just that. */
export function refusalText(verdict: TerminalVerdict, verb: "accepted" | "claimed"): string {
  if (verdict.checks.some((check) => check.name === "offer_open" && !check.ok))
    return "This offer is no longer open.";
  return `Not ${verb}: this device's checks did not all pass.`;
}
