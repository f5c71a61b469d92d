import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp } from "@/lib/auth/require-step-up";
import {
  countryName,
  maskIban,
  type PayoutAccountInput,
  parsePayoutAccountInput,
} from "./payout-account-input";
import { payoutAccountOperations } from "./payout-account-operations";
import { type PayoutScope, payoutAccountRow, payoutPartyFor } from "./payout-party";

/** The account about to be saved, as the confirmation shows it (masked). */
export interface PayoutAccountDraft {
  maskedIban: string;
  countryName: string;
  holderName: string;
  bic: string | null;
}

/**
 * Step-up options for setting a payout account (the person's own, or a shop's by its owner): checks the
 * details first (nothing is asked of the passkey for an IBAN that cannot be right), then commits the challenge
 * to exactly these details and to the account they replace.
 */
export async function beginSetPayoutAccount(
  db: DbOrTx,
  actor: Actor,
  input: PayoutScope & PayoutAccountInput & { ip?: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; account: PayoutAccountDraft }> {
  const party = await payoutPartyFor(db, actor, input, "write");
  const account = parsePayoutAccountInput(input);
  const current = await payoutAccountRow(db, party.partyId);
  const operation = payoutAccountOperations.set(party.partyId, account, current?.changedAt ?? null);
  const options = await beginStepUp(db, { actor, operation, ip: input.ip ?? null });
  return {
    options,
    account: {
      maskedIban: maskIban(account.iban),
      countryName: countryName(account.country),
      holderName: account.holderName,
      bic: account.bic,
    },
  };
}
