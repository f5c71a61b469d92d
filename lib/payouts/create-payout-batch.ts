import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { column, queryRows } from "@/db/rows";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { sepaIdOf } from "@/lib/banking/sepa-text";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { toCurrency } from "@/lib/money/currencies";
import { isPayoutHeld, payoutHeldUntil } from "@/lib/payout-accounts/payout-hold";
import { payoutBatchMax } from "./operations";
import { shortMaskedIban } from "./payout-words";

const candidateRow = {
  id: column.text,
  party_id: column.text,
  amount_minor: column.bigint,
  account_changed_at: column.dateOrNull,
  account_country: column.textOrNull,
  account_last4: column.textOrNull,
};

/** What a new batch holds: payouts in its file, and the ones left out (and why). */
export interface CreatedPayoutBatch {
  batchId: string;
  included: number;
  blockedNoAccount: number;
  heldForReview: number;
}

/**
 * Makes a payout batch of one currency: the oldest open payout statements (at most payoutBatchMax) that are in
 * no batch still paying them, except the acting admin's own (another admin pays those). Each party's payout
 * account decides: none → blocked (listed, not in the file), changed in the last 24 hours → held for review,
 * otherwise included. Refused when nothing could go into the file. Two admins at once: the statements are locked,
 * and a statement is in at most one open batch (unique index), so the later one makes its batch of the rest.
 */
export async function createPayoutBatch(
  db: DbOrTx,
  actor: Actor,
  input: { currency: string; now?: Date; ip?: string | null },
): Promise<CreatedPayoutBatch> {
  requirePermission(actor, "settlement.write");
  const currency = toCurrency(input.currency);
  const now = input.now ?? new Date();
  try {
    return await inTransaction(db, async (tx) => {
      const ownParty = actor.kind === "system" ? null : actor.partyId;
      const userId = actor.kind === "user" ? actor.userId : null;
      const candidates = await queryRows(
        tx,
        candidateRow,
        sql`select s.id, s.party_id, s.amount_minor::text, pa.changed_at as account_changed_at, pa.country as account_country,
            pa.iban_last4 as account_last4
          from statements s
          left join payout_accounts pa on pa.party_id = s.party_id
          where s.kind = 'payout' and s.status = 'open' and s.currency = ${currency}
            and s.party_id is distinct from ${ownParty}
            and not exists (select 1 from shop_members m join shops sh on sh.id = m.shop_id
                            where m.user_id = ${userId} and sh.party_id = s.party_id)
            and not exists (select 1 from payout_batch_items i
                            where i.statement_id = s.id and i.state in ('included', 'confirmed'))
          order by s.created_at, s.id
          limit ${payoutBatchMax}
          for update of s`,
      );
      const items = candidates.map((row) => {
        const account = row.account_changed_at ? { changedAt: row.account_changed_at } : null;
        const state = !account
          ? ("blocked_no_account" as const)
          : isPayoutHeld(account, now)
            ? ("held_for_review" as const)
            : ("included" as const);
        return {
          row,
          state,
          heldUntil: state === "held_for_review" && account ? payoutHeldUntil(account.changedAt) : null,
        };
      });
      const included = items.filter((item) => item.state === "included");
      const blockedNoAccount = items.filter((item) => item.state === "blocked_no_account").length;
      const heldForReview = items.filter((item) => item.state === "held_for_review").length;
      if (included.length === 0) {
        throw new AppError(
          "CONFLICT",
          candidates.length === 0
            ? `There are no open payouts in ${currency} to pay.`
            : `None of the ${candidates.length} open payouts in ${currency} can be paid yet: ${blockedNoAccount} have no bank account and ${heldForReview} have a bank account changed in the last 24 hours.`,
        );
      }
      const batchId = newId("payoutBatch");
      await tx.execute(sql`insert into payout_batches (id, currency, message_id, created_by_user_id, created_at)
        values (${batchId}, ${currency}, ${sepaIdOf(batchId)}, ${userId}, ${now.toISOString()}::timestamptz)`);
      let line = 0;
      for (const item of items) {
        const number = item.state === "included" ? ++line : null;
        await tx.execute(sql`insert into payout_batch_items
            (id, batch_id, statement_id, party_id, amount_minor, currency, state, line, end_to_end_id, account_masked,
            held_until)
          values (${newId("payoutBatchItem")}, ${batchId}, ${item.row.id}, ${item.row.party_id},
            ${item.row.amount_minor.toString()}, ${currency}, ${item.state}, ${number}, ${sepaIdOf(item.row.id)},
            ${shortMaskedIban(item.row.account_country, item.row.account_last4)},
            ${item.heldUntil?.toISOString() ?? null}::timestamptz)`);
      }
      await recordAuditEvent(tx, {
        action: "payouts.batch_created",
        actor,
        targetType: "payout_batch",
        targetId: batchId,
        ip: input.ip,
        data: { currency, included: included.length, blockedNoAccount, heldForReview },
      });
      return { batchId, included: included.length, blockedNoAccount, heldForReview };
    });
  } catch (error) {
    if (uniqueViolationOf(error) === "payout_batch_items_statement_in_one_open_batch") {
      throw new AppError(
        "CONFLICT",
        "Another payout batch was just made with these payouts; reload the page.",
      );
    }
    throw error;
  }
}
