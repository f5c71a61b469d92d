import "server-only";
import type { DbOrTx } from "@/db/client";

/** Value that a confirmed operation moves out of a person's wallet (a gift, a payment, a conversion). */
export interface Outflow {
  /** The wallet party the value leaves. */
  partyId: string;
  currency: string;
  amountMinor: bigint;
}

/**
 * The recovery rule: in the first 24 hours after a passkey was enrolled with a recovery code, money leaves the
 * wallet only when confirmed with that passkey, and only up to a limit. Called by `completeStepUp` inside the
 * operation's transaction, after the assertion verified, for every operation that moves value out.
 *
 * Contract placeholder: the account-security work fills in the rule; until then nothing is restricted.
 */
export async function checkRecoveryOutflow(
  _tx: DbOrTx,
  _input: { userId: string; credentialId: string; outflow: Outflow },
): Promise<void> {}
