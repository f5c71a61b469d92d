import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { settleBatchMax, settleOperation } from "@/lib/charging/operations";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { ensureLedgerAccounts } from "@/lib/ledger/ensure-ledger-accounts";

export interface SettleResult {
  /** Statements this call settled (an invoice marked paid or a payout marked sent). */
  settled: string[];
  /** Statements that were already settled (by an earlier or concurrent call): left unchanged. */
  alreadySettled: string[];
}

/**
 * Marks invoices paid and payouts sent: for each open statement one settlement posting (invoice_settled:
 * issuer:settlement → party; payout_sent: party → issuer:settlement) and status settled, all in one
 * transaction. The statement rows are locked first, so concurrent or repeated calls settle each statement once
 * (also guarded by the unique settlement posting per statement). An admin confirms the exact set with a passkey,
 * and never settles a statement of their own party.
 */
export async function settleStatements(
  db: DbOrTx,
  input: { actor: Actor; statementIds: string[]; authorization?: unknown; ip?: string | null },
): Promise<SettleResult> {
  requirePermission(input.actor, "settlement.write");
  const ids = [...new Set(input.statementIds)].sort();
  if (ids.length === 0) throw new AppError("VALIDATION_FAILED", "Choose at least one statement.");
  if (ids.length > settleBatchMax) {
    throw new AppError("LIMIT_EXCEEDED", `Settle at most ${settleBatchMax} statements at once.`);
  }
  if (!ids.every((id) => isId("statement", id))) throw new AppError("NOT_FOUND", "No such statement.");
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  return db.transaction(async (tx) => {
    if (input.actor.kind === "user") {
      await completeStepUp(tx, {
        actor: input.actor,
        operation: settleOperation(ids),
        response: input.authorization,
        ip: input.ip,
        auditDb: db,
      });
    }
    const locked = await tx.execute<{ id: string; party_id: string; currency: string; status: string }>(
      sql`select id, party_id, currency, status::text from statements where id in (${idList}) order by id for update`,
    );
    if (locked.length !== ids.length) throw new AppError("NOT_FOUND", "No such statement.");
    await assertNotOwnParty(tx, input.actor, [...new Set(locked.map((row) => row.party_id))]);
    const open = locked.filter((row) => row.status === "open");
    for (const currency of new Set(open.map((row) => row.currency))) {
      await ensureLedgerAccounts(
        tx,
        currency,
        open.filter((row) => row.currency === currency).map((row) => row.party_id),
      );
    }
    const posted = await tx.execute<{ statement_id: string }>(sql`insert into postings
        (id, kind, debit_account_id, credit_account_id, amount_minor, currency, statement_id, memo)
      select scrip_new_id('pst'),
        (case when s.kind = 'invoice' then 'invoice_settled' else 'payout_sent' end)::posting_kind,
        case when s.kind = 'invoice' then st.id else pa.id end,
        case when s.kind = 'invoice' then pa.id else st.id end,
        s.amount_minor, s.currency, s.id,
        case when s.kind = 'invoice' then 'invoice paid' else 'payout sent' end
      from statements s
      join ledger_accounts pa on pa.kind = 'party' and pa.party_id = s.party_id and pa.currency = s.currency
      join ledger_accounts st on st.kind = 'issuer_settlement' and st.party_id is null and st.currency = s.currency
      where s.id in (${idList}) and s.status = 'open'
      returning statement_id`);
    if (posted.length !== open.length) throw new Error("a settlement posting was not written");
    if (open.length > 0) {
      await tx.execute(sql`update statements s set status = 'settled', settled_at = now(), settlement_posting_id = p.id
        from postings p where p.statement_id = s.id and s.id in (${idList}) and s.status = 'open'`);
    }
    const settled = open.map((row) => row.id);
    for (const id of settled) {
      await recordAuditEvent(tx, {
        action: "settlement.settled",
        actor: input.actor,
        targetType: "statement",
        targetId: id,
        ip: input.ip,
      });
    }
    return { settled, alreadySettled: locked.filter((row) => row.status !== "open").map((row) => row.id) };
  });
}
