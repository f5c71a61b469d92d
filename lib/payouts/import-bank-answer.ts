import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { column, queryRow, queryRows, type RowOf } from "@/db/rows";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { type Actor, systemActor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { newId } from "@/lib/ids";
import { settleStatements } from "@/lib/settlement/settle-statements";
import { type BankAnswerLine, readBankAnswer } from "./read-bank-answer";
import { returnPayout } from "./return-payout";

export interface BankAnswerResult {
  /** True when this very file (by SHA-256) was imported before: nothing changed this time. */
  alreadyImported: boolean;
  kind: "camt054" | "pain002";
  sent: number;
  returned: {
    endToEndId: string;
    amountMinor: bigint;
    reasonCode: string | null;
    reasonText: string | null;
  }[];
  /** Lines that name no payout of Scrip's (unknown EndToEndId, another currency, another amount): left alone. */
  notOurs: { endToEndId: string; why: "unknown" | "currency" | "amount" }[];
  /** Lines the bank has not decided yet, or that repeat what Scrip already knew. */
  unchanged: number;
}

const itemRow = {
  id: column.text,
  batch_id: column.text,
  statement_id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  state: column.oneOf([
    "included",
    "blocked_no_account",
    "held_for_review",
    "confirmed",
    "returned",
    "withdrawn",
  ]),
  statement_status: column.oneOf(["open", "settled"]),
  end_to_end_id: column.text,
};
const previousRow = {
  kind: column.text,
  sent_count: column.int,
  returned_count: column.int,
  not_ours_count: column.int,
};

async function alreadyImported(db: DbOrTx, sha256: string): Promise<BankAnswerResult | null> {
  const row = await queryRow(
    db,
    previousRow,
    sql`select kind, sent_count, returned_count, not_ours_count from bank_answer_imports where sha256 = ${sha256}`,
  );
  if (!row) return null;
  // The first import's result stands; this one changed nothing.
  return {
    alreadyImported: true,
    kind: row.kind === "pain002" ? "pain002" : "camt054",
    sent: row.sent_count,
    returned: [],
    notOurs: [],
    unchanged: 0,
  };
}

/** The payout items a file's lines name, locked: the open one per EndToEndId, else its latest answered one. */
async function lockItems(tx: Tx, endToEndIds: string[]) {
  if (endToEndIds.length === 0) return new Map<string, RowOf<typeof itemRow>>();
  const rows = await queryRows(
    tx,
    itemRow,
    sql`select i.id, i.batch_id, i.statement_id, i.amount_minor::text, i.currency, i.state::text,
        s.status::text as statement_status, i.end_to_end_id
      from payout_batch_items i join statements s on s.id = i.statement_id
      where i.end_to_end_id in (${sql.join(
        endToEndIds.map((id) => sql`${id}`),
        sql`, `,
      )}) and i.line is not null
      order by i.id for update of i`,
  );
  const byId = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const current = byId.get(row.end_to_end_id);
    if (!current || row.state === "included" || row.state === "confirmed") byId.set(row.end_to_end_id, row);
  }
  return byId;
}

/**
 * Applies a bank's answer to Scrip's payouts, all in one transaction: each line is matched by EndToEndId to a
 * payout in a batch and checked (EUR, same amount); "sent" confirms it (settling it first if no admin had marked
 * it sent: the bank paid it), "returned"/rejected writes a payout_returned and puts the payout back to owed with
 * the bank's reason, to be paid in a later batch. Lines naming no payout of ours change nothing and are listed.
 * The same file again (SHA-256) changes nothing; a hostile or malformed file is refused before anything is read.
 */
export async function importBankAnswer(
  db: DbOrTx,
  actor: Actor,
  input: { bytes: Uint8Array; ip?: string | null },
): Promise<BankAnswerResult> {
  requirePermission(actor, "settlement.write");
  const file = readBankAnswer(input.bytes);
  const known = await alreadyImported(db, file.sha256);
  if (known) return known;
  try {
    return await inTransaction(db, async (tx) => {
      const importId = newId("payoutBankAnswer");
      await tx.execute(sql`insert into bank_answer_imports (id, sha256, kind, imported_by_user_id, sent_count, returned_count, not_ours_count)
        values (${importId}, ${file.sha256}, ${file.kind}, ${actor.kind === "user" ? actor.userId : null}, 0, 0, 0)`);
      const lines: BankAnswerLine[] = [...file.lines];
      if (file.statusOfUnlisted && file.originalMessageId) {
        const listed = new Set(lines.map((line) => line.endToEndId));
        const others = await queryRows(
          tx,
          { end_to_end_id: column.text },
          sql`select i.end_to_end_id from payout_batch_items i join payout_batches b on b.id = i.batch_id
            where b.message_id = ${file.originalMessageId} and i.line is not null order by i.line`,
        );
        for (const other of others) {
          const line = listed.has(other.end_to_end_id)
            ? undefined
            : file.statusOfUnlisted(other.end_to_end_id);
          if (line) lines.push(line);
        }
      }
      const items = await lockItems(tx, [...new Set(lines.map((line) => line.endToEndId))]);
      const result: BankAnswerResult = {
        alreadyImported: false,
        kind: file.kind,
        sent: 0,
        returned: [],
        notOurs: [],
        unchanged: 0,
      };
      const touched = new Set<string>();
      for (const line of lines) {
        const item = items.get(line.endToEndId);
        if (!item) {
          result.notOurs.push({ endToEndId: line.endToEndId, why: "unknown" });
          continue;
        }
        if (item.currency !== "EUR") {
          result.notOurs.push({ endToEndId: line.endToEndId, why: "currency" });
          continue;
        }
        if (line.amountMinor !== undefined && line.amountMinor !== item.amount_minor) {
          result.notOurs.push({ endToEndId: line.endToEndId, why: "amount" });
          continue;
        }
        if (line.outcome === "sent" && (item.state === "included" || item.state === "withdrawn")) {
          if (item.statement_status === "open") {
            await settleStatements(tx, {
              actor: systemActor("bank answer"),
              statementIds: [item.statement_id],
            });
          }
          await tx.execute(sql`update payout_batch_items set state = 'confirmed', bank_answer_at = now(),
            bank_answer_id = ${importId} where id = ${item.id}`);
          item.state = "confirmed";
          item.statement_status = "settled";
          result.sent++;
        } else if (line.outcome === "returned" && (item.state === "included" || item.state === "confirmed")) {
          await returnPayout(tx, {
            itemId: item.id,
            statementId: item.statement_id,
            importId,
            reasonCode: line.reasonCode?.slice(0, 35) ?? null,
            reasonText: line.reasonText?.slice(0, 500) ?? null,
          });
          item.state = "returned";
          item.statement_status = "open";
          result.returned.push({
            endToEndId: line.endToEndId,
            amountMinor: item.amount_minor,
            reasonCode: line.reasonCode ?? null,
            reasonText: line.reasonText ?? null,
          });
        } else {
          result.unchanged++;
          continue;
        }
        touched.add(item.batch_id);
      }
      for (const batchId of touched) {
        await tx.execute(sql`update payout_batches set status = 'closed', closed_at = now(),
            sent_at = coalesce(sent_at, now())
          where id = ${batchId} and status in ('exported', 'sent')
            and not exists (select 1 from payout_batch_items i where i.batch_id = ${batchId} and i.state = 'included')`);
      }
      await tx.execute(sql`update bank_answer_imports set sent_count = ${result.sent},
          returned_count = ${result.returned.length}, not_ours_count = ${result.notOurs.length}
        where id = ${importId}`);
      await recordAuditEvent(tx, {
        action: "payouts.bank_answer_imported",
        actor,
        targetType: "bank_answer",
        targetId: importId,
        ip: input.ip,
        data: {
          kind: file.kind,
          sha256: file.sha256,
          sent: result.sent,
          returned: result.returned.length,
          notOurs: result.notOurs.length,
        },
      });
      return result;
    });
  } catch (error) {
    if (uniqueViolationOf(error) === "bank_answer_imports_sha256_unique") {
      const again = await alreadyImported(db, file.sha256);
      if (again) return again;
    }
    throw error;
  }
}
