import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { payoutAccounts } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { ibanShapeOf, type PayoutAccountInput, parsePayoutAccountInput } from "./payout-account-input";
import { payoutAccountOperations } from "./payout-account-operations";
import { payoutHeldUntil } from "./payout-hold";
import { encryptPayoutIban } from "./payout-iban-store";
import { type PayoutScope, payoutAccountRow, payoutPartyFor } from "./payout-party";
import { recordPayoutAccountChange } from "./record-payout-account-change";

/** Serialises changes to one party's payout account (the first one has no row to lock). */
export const lockPayoutAccount = (tx: DbOrTx, partyId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payout_account:${partyId}`}))`);

/**
 * Adds or replaces where Scrip pays the person (or, for its owner, a shop): only with a passkey assertion over
 * exactly these details and the account they replace, spent in the same transaction as the write, the audit
 * row and the security event. The IBAN is stored encrypted; payouts to it wait 24 hours (payout-hold.ts).
 */
export async function setPayoutAccount(
  db: DbOrTx,
  actor: Actor,
  input: PayoutScope & PayoutAccountInput & { authorization?: unknown; ip?: string | null },
): Promise<{ changedAt: Date; heldUntil: Date }> {
  const party = await payoutPartyFor(db, actor, input, "write");
  const account = parsePayoutAccountInput(input);
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person confirms with a passkey.");
  if (input.authorization == null) {
    throw new AppError("STEP_UP_REQUIRED", "Confirm the new payout account with your passkey.");
  }
  return inTransaction(db, async (tx) => {
    await lockPayoutAccount(tx, party.partyId);
    const previous = await payoutAccountRow(tx, party.partyId, true);
    await completeStepUpFor(tx, db, {
      actor,
      operation: payoutAccountOperations.set(party.partyId, account, previous?.changedAt ?? null),
      sent: input,
    });
    const shape = ibanShapeOf(account.iban);
    const values = {
      ibanEncrypted: encryptPayoutIban(account.iban, party.partyId),
      ibanLast4: shape.last4,
      ibanLength: shape.length,
      country: account.country,
      holderName: account.holderName,
      bic: account.bic,
      changedAt: sql`now()`,
      changedByUserId: actor.userId,
    };
    const [saved] = await tx
      .insert(payoutAccounts)
      .values({ partyId: party.partyId, ...values })
      .onConflictDoUpdate({ target: payoutAccounts.partyId, set: values })
      .returning({ changedAt: payoutAccounts.changedAt });
    if (!saved) throw new Error("payout account upsert returned no row");
    await recordPayoutAccountChange(tx, {
      actor,
      party,
      previous: previous && {
        country: previous.country,
        length: previous.ibanLength,
        last4: previous.ibanLast4,
        holderName: previous.holderName,
        bic: previous.bic,
      },
      next: { ...shape, holderName: account.holderName, bic: account.bic },
      ip: input.ip,
    });
    return { changedAt: saved.changedAt, heldUntil: payoutHeldUntil(saved.changedAt) };
  });
}
