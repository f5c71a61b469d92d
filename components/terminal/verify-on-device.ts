"use client";

import { offersToVerify } from "@/lib/terminal/snapshot-summary";
import type { TerminalVerdict } from "@/lib/terminal/terminal-types";
import { verifyOffer } from "./terminal-port";
import { fetchSnapshot } from "./use-terminal-sync";

/**
 * The receiving terminal's own checks of an offer before it asks Scrip to accept (claim 7): the person's current
 * snapshot (the offer with its token and the giver's recorded passkey assertion, and the issuer's keys), then
 * the in-browser verifier on each offered coupon — one for a single offer, every coupon of a gift. `ok` only
 * when every check of every coupon passed.
 */
export async function verifyOnDevice(
  target: { transferId: string; groupId: string | null },
  now = new Date(),
): Promise<TerminalVerdict> {
  const fetched = await fetchSnapshot();
  if ("error" in fetched) {
    return {
      ok: false,
      checks: [{ name: "snapshot", ok: false, text: `Nothing could be checked. ${fetched.error}` }],
    };
  }
  const offers = offersToVerify(fetched.snapshot, target);
  if (offers.length === 0) {
    return {
      ok: false,
      checks: [{ name: "offer_open", ok: false, text: "This offer is no longer open for you." }],
    };
  }
  const verdicts = await Promise.all(offers.map((offer) => verifyOffer(offer, fetched.snapshot, now)));
  const checks = verdicts.flatMap((verdict, index) =>
    verdict.checks.map((check) =>
      offers.length > 1
        ? { ...check, text: `Coupon ${index + 1} of ${offers.length}: ${check.text}` }
        : check,
    ),
  );
  return { ok: verdicts.every((verdict) => verdict.ok), checks };
}
