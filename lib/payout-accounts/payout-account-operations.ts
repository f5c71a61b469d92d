import "server-only";
import type { Operation } from "@/lib/auth/operations";
import type { PayoutAccount } from "./payout-account-input";
import { payoutDetailsDigest } from "./payout-iban-store";

/**
 * The passkey operations of payout accounts. Each is bound to the party, to the account it replaces (its last
 * change, or none), and for a change to a keyed digest of the new details: an assertion made for another
 * account, another party, or before someone else changed it cannot be used.
 */
export const payoutAccountOperations = {
  set: (partyId: string, account: PayoutAccount, replaces: Date | null): Operation => ({
    type: "payout_account.set",
    partyId,
    details: payoutDetailsDigest(account),
    replaces: replaces?.toISOString() ?? null,
  }),
  remove: (partyId: string, replaces: Date): Operation => ({
    type: "payout_account.remove",
    partyId,
    replaces: replaces.toISOString(),
  }),
};
