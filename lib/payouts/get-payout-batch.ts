import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { type Money, moneyOf } from "@/lib/money/money";

export type PayoutBatchStatus = "draft" | "exported" | "sent" | "closed" | "withdrawn";
export type PayoutItemState =
  | "included"
  | "blocked_no_account"
  | "held_for_review"
  | "confirmed"
  | "returned"
  | "withdrawn";

export interface PayoutBatchItemView {
  itemId: string;
  partyName: string;
  amount: Money;
  state: PayoutItemState;
  heldUntil: Date | null;
  returnReasonCode: string | null;
  returnReasonText: string | null;
  bankAnswerAt: Date | null;
}

export interface PayoutBatchView {
  batchId: string;
  currency: string;
  status: PayoutBatchStatus;
  createdAt: Date;
  exportedAt: Date | null;
  sentAt: Date | null;
  closedAt: Date | null;
  /** Marking it sent is over the dual-control threshold and waits for a second admin. */
  awaitingApproval: boolean;
  items: PayoutBatchItemView[];
}

/**
 * A batch whose marking-sent waited for dual control is sent once the second admin approved (approveSettlement
 * settled its payouts): shown so without a write (the row says "exported" until the bank's answer closes it).
 */
export const shownStatusSql = sql.raw(
  "(case when b.status = 'exported' and a.status = 'approved' then 'sent' else b.status::text end)",
);

const states = [
  "included",
  "blocked_no_account",
  "held_for_review",
  "confirmed",
  "returned",
  "withdrawn",
] as const;
const headRow = {
  id: column.text,
  currency: column.text,
  status: column.oneOf(["draft", "exported", "sent", "closed", "withdrawn"]),
  created_at: column.date,
  exported_at: column.dateOrNull,
  sent_at: column.dateOrNull,
  closed_at: column.dateOrNull,
  awaiting: column.boolean,
};
const itemRow = {
  id: column.text,
  party_name: column.text,
  amount_minor: column.bigint,
  state: column.oneOf(states),
  held_until: column.dateOrNull,
  return_reason_code: column.textOrNull,
  return_reason_text: column.textOrNull,
  bank_answer_at: column.dateOrNull,
};

/** One payout batch and its payouts (in the file, blocked, held, answered), for admins (admin.read). */
export async function getPayoutBatch(
  db: DbOrTx,
  actor: Actor,
  input: { batchId: string },
): Promise<PayoutBatchView> {
  requirePermission(actor, "admin.read");
  if (!isId("payoutBatch", input.batchId)) throw new AppError("NOT_FOUND", "No such payout batch.");
  const head = await queryRow(
    db,
    headRow,
    sql`select b.id, b.currency, ${shownStatusSql} as status, b.created_at, b.exported_at,
        coalesce(b.sent_at, a.decided_at) as sent_at, b.closed_at,
        (b.status = 'exported' and coalesce(a.status::text = 'awaiting_second_approval', false)) as awaiting
      from payout_batches b left join settlement_approvals a on a.id = b.settlement_approval_id
      where b.id = ${input.batchId}`,
  );
  if (!head) throw new AppError("NOT_FOUND", "No such payout batch.");
  const items = await queryRows(
    db,
    itemRow,
    sql`select i.id, p.display_name as party_name, i.amount_minor::text, i.state::text, i.held_until,
        i.return_reason_code, i.return_reason_text, i.bank_answer_at
      from payout_batch_items i join parties p on p.id = i.party_id
      where i.batch_id = ${input.batchId} order by i.line nulls last, p.display_name, i.id`,
  );
  return {
    batchId: head.id,
    currency: head.currency,
    status: head.status,
    createdAt: head.created_at,
    exportedAt: head.exported_at,
    sentAt: head.sent_at,
    closedAt: head.closed_at,
    awaitingApproval: head.awaiting,
    items: items.map((row) => ({
      itemId: row.id,
      partyName: row.party_name,
      amount: moneyOf(row.amount_minor, head.currency),
      state: row.state,
      heldUntil: row.held_until,
      returnReasonCode: row.return_reason_code,
      returnReasonText: row.return_reason_text,
      bankAnswerAt: row.bank_answer_at,
    })),
  };
}
