import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { countryName, maskedIban } from "./payout-account-input";
import { isPayoutHeld, payoutHeldUntil } from "./payout-hold";
import { type PayoutScope, payoutAccountRow, payoutPartyFor } from "./payout-party";

/** A payout account as its owner sees it: the IBAN masked, never in clear. */
export interface PayoutAccountView {
  holderName: string;
  maskedIban: string;
  bic: string | null;
  country: string;
  countryName: string;
  changedAt: Date;
  /** When payouts stop waiting for review (24 hours after the change), or null once that has passed. */
  heldUntil: Date | null;
}

/**
 * The payout account of the person (no shop) or of a shop (its staff may read it), masked; null when none has
 * been added. Reads only the clear shape columns: nothing here decrypts the IBAN.
 */
export async function getPayoutAccount(
  db: DbOrTx,
  actor: Actor,
  scope: PayoutScope,
  now: Date = new Date(),
): Promise<PayoutAccountView | null> {
  const party = await payoutPartyFor(db, actor, scope, "read");
  const row = await payoutAccountRow(db, party.partyId);
  if (!row) return null;
  return {
    holderName: row.holderName,
    maskedIban: maskedIban({ country: row.country, length: row.ibanLength, last4: row.ibanLast4 }),
    bic: row.bic,
    country: row.country,
    countryName: countryName(row.country),
    changedAt: row.changedAt,
    heldUntil: isPayoutHeld(row, now) ? payoutHeldUntil(row.changedAt) : null,
  };
}
