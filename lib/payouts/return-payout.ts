import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { lockStatements } from "@/lib/settlement/write-settlements";

const reversedRow = { id: column.text };

/**
 * A payout the bank returned or rejected, in the caller's transaction: if it had been marked sent, one
 * payout_returned reverses its payout_sent (same amount, accounts swapped) and the statement is open (owed)
 * again; the batch line records the bank's reason. The statement row is locked first (as settlement does).
 */
export async function returnPayout(
  tx: Tx,
  input: {
    itemId: string;
    statementId: string;
    importId: string;
    reasonCode: string | null;
    reasonText: string | null;
  },
): Promise<void> {
  const [statement] = await lockStatements(tx, [input.statementId]);
  if (statement?.status === "settled") {
    const reversal = await queryRow(
      tx,
      reversedRow,
      sql`insert into postings
          (id, kind, debit_account_id, credit_account_id, amount_minor, currency, statement_id, reverses_posting_id, memo)
        select scrip_new_id('pst'), 'payout_returned', p.credit_account_id, p.debit_account_id, p.amount_minor,
          p.currency, p.statement_id, p.id, 'payout returned by the bank'
        from statements s join postings p on p.id = s.settlement_posting_id
        where s.id = ${input.statementId} and s.kind = 'payout' and s.status = 'settled' and p.kind = 'payout_sent'
        returning id`,
    );
    if (!reversal) throw new Error("a settled payout without its payout_sent");
    await tx.execute(sql`update statements set status = 'open', settled_at = null, settlement_posting_id = null
      where id = ${input.statementId} and status = 'settled'`);
  }
  await tx.execute(sql`update payout_batch_items set state = 'returned', bank_answer_at = now(),
      bank_answer_id = ${input.importId}, return_reason_code = ${input.reasonCode}, return_reason_text = ${input.reasonText}
    where id = ${input.itemId}`);
}
