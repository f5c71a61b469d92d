import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { isPayoutHeld } from "./payout-hold";
import { decryptPayoutIban } from "./payout-iban-store";
import { payoutAccountRow } from "./payout-party";

/** A payout account in clear, for the bank file only. */
export interface PayoutAccountForExport {
  iban: string;
  bic: string | null;
  holderName: string;
  country: string;
  changedAt: Date;
  /** Changed in the last 24 hours: payouts to it wait for review (payout-hold.ts). */
  held: boolean;
}

/**
 * The one place a payout IBAN is decrypted: for the admin's payout export (pain.001, `settlement.write`).
 * Its result goes into the bank file on the server and is never sent to a browser. Null when the party has
 * no payout account.
 */
export async function readPayoutIbanForExport(
  db: DbOrTx,
  actor: Actor,
  input: { partyId: string; now?: Date },
): Promise<PayoutAccountForExport | null> {
  requirePermission(actor, "settlement.write");
  const row = await payoutAccountRow(db, input.partyId);
  if (!row) return null;
  return {
    iban: decryptPayoutIban(row.ibanEncrypted, row.partyId),
    bic: row.bic,
    holderName: row.holderName,
    country: row.country,
    changedAt: row.changedAt,
    held: isPayoutHeld(row, input.now ?? new Date()),
  };
}
