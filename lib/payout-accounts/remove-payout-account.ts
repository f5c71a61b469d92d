import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { payoutAccounts } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp, completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { payoutAccountOperations } from "./payout-account-operations";
import { type PayoutScope, payoutAccountRow, payoutPartyFor } from "./payout-party";
import { recordPayoutAccountChange } from "./record-payout-account-change";
import { lockPayoutAccount } from "./set-payout-account";

const noAccount = () => new AppError("NOT_FOUND", "There is no payout account to remove.");

/** Step-up options for removing the payout account (the person's own, or a shop's by its owner). */
export async function beginRemovePayoutAccount(
  db: DbOrTx,
  actor: Actor,
  input: PayoutScope & { ip?: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON }> {
  const party = await payoutPartyFor(db, actor, input, "write");
  const current = await payoutAccountRow(db, party.partyId);
  if (!current) throw noAccount();
  const operation = payoutAccountOperations.remove(party.partyId, current.changedAt);
  return { options: await beginStepUp(db, { actor, operation, ip: input.ip ?? null }) };
}

/**
 * Removes where Scrip pays the party, with a passkey assertion over removing exactly the current account,
 * audited and notified like a change. Payouts then have nowhere to go until an account is added again.
 */
export async function removePayoutAccount(
  db: DbOrTx,
  actor: Actor,
  input: PayoutScope & { authorization?: unknown; ip?: string | null },
): Promise<void> {
  const party = await payoutPartyFor(db, actor, input, "write");
  if (input.authorization == null) {
    throw new AppError("STEP_UP_REQUIRED", "Confirm removing the payout account with your passkey.");
  }
  await inTransaction(db, async (tx) => {
    await lockPayoutAccount(tx, party.partyId);
    const previous = await payoutAccountRow(tx, party.partyId, true);
    if (!previous) throw noAccount();
    await completeStepUpFor(tx, db, {
      actor,
      operation: payoutAccountOperations.remove(party.partyId, previous.changedAt),
      sent: input,
    });
    await tx.delete(payoutAccounts).where(eq(payoutAccounts.partyId, party.partyId));
    await recordPayoutAccountChange(tx, {
      actor,
      party,
      previous: {
        country: previous.country,
        length: previous.ibanLength,
        last4: previous.ibanLast4,
        holderName: previous.holderName,
        bic: previous.bic,
      },
      next: null,
      ip: input.ip,
    });
  });
}
