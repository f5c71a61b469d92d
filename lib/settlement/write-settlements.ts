import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { column, queryRows, type RowOf } from "@/db/rows";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { ensureLedgerAccounts } from "@/lib/ledger/ensure-ledger-accounts";

const lockedStatementRow = {
  id: column.text,
  party_id: column.text,
  currency: column.text,
  status: column.text,
  amount_minor: column.bigint,
};

/** A statement row locked by the caller (`for update`), as settlement reads it. */
export type LockedStatement = RowOf<typeof lockedStatementRow>;

/** Locks the statements `ids` in id order (so concurrent callers never deadlock) and returns them. */
export async function lockStatements(tx: Tx, ids: readonly string[]): Promise<LockedStatement[]> {
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  return queryRows(
    tx,
    lockedStatementRow,
    sql`select id, party_id, currency, status::text, amount_minor::text from statements
      where id in (${idList}) order by id for update`,
  );
}

const postedRow = { statement_id: column.text };

/**
 * Writes one settlement posting per open statement among `locked` (invoice_settled: issuer:settlement → party;
 * payout_sent: party → issuer:settlement), marks them settled and audits each, in the caller's transaction,
 * which holds the statements' row locks. Returns the ids it settled.
 */
export async function writeSettlements(
  tx: Tx,
  input: { actor: Actor; locked: readonly LockedStatement[]; ip?: string | null },
): Promise<string[]> {
  const open = input.locked.filter((row) => row.status === "open");
  if (open.length === 0) return [];
  for (const currency of new Set(open.map((row) => row.currency))) {
    await ensureLedgerAccounts(
      tx,
      currency,
      open.filter((row) => row.currency === currency).map((row) => row.party_id),
    );
  }
  const idList = sql.join(
    open.map((row) => sql`${row.id}`),
    sql`, `,
  );
  const posted = await queryRows(
    tx,
    postedRow,
    sql`insert into postings
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
    returning statement_id`,
  );
  if (posted.length !== open.length) throw new Error("a settlement posting was not written");
  await tx.execute(sql`update statements s set status = 'settled', settled_at = now(), settlement_posting_id = p.id
    from postings p where p.statement_id = s.id and s.id in (${idList}) and s.status = 'open'
      and p.kind in ('invoice_settled', 'payout_sent')
      and not exists (select 1 from postings r where r.reverses_posting_id = p.id)`);
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
  return settled;
}
