import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows, type RowOf } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { buildPain001 } from "@/lib/banking/pain001";
import { scripAccount } from "@/lib/banking/scrip-account";
import { AppError } from "@/lib/errors";
import { moneyOf, toDecimalString } from "@/lib/money/money";
import { readPayoutIbanForExport } from "@/lib/payout-accounts/read-payout-iban-for-export";
import { csvLine } from "@/lib/settlement/csv";

const batchRow = {
  id: column.text,
  currency: column.text,
  status: column.oneOf(["draft", "exported", "sent", "closed", "withdrawn"]),
  message_id: column.text,
  created_at: column.date,
  execution_date: column.textOrNull,
  exported_sha256: column.textOrNull,
};

/** A payout batch's header, as the file and its operations read it. */
export type PayoutBatchHead = RowOf<typeof batchRow>;

/** Reads a batch (locking it when `lock`), or refuses with NOT_FOUND. */
export async function readPayoutBatch(db: DbOrTx, batchId: string, lock = false): Promise<PayoutBatchHead> {
  const row = await queryRow(
    db,
    batchRow,
    sql`select id, currency, status::text, message_id, created_at, execution_date, exported_sha256
      from payout_batches where id = ${batchId} ${lock ? sql`for update` : sql``}`,
  );
  if (!row) throw new AppError("NOT_FOUND", "No such payout batch.");
  return row;
}

const lineRow = {
  line: column.int,
  end_to_end_id: column.text,
  party_id: column.text,
  amount_minor: column.bigint,
  period_start: column.date,
  period_end: column.date,
};

export interface PayoutBatchFile {
  filename: string;
  contentType: string;
  content: string;
  sha256: string;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The bank file of a batch's included payouts: pain.001.001.09 for EUR (Scrip's account paying, one transfer per
 * payout, EndToEndId the statement's SEPA id, "Scrip payout <period>"), a CSV with the same lines otherwise. The
 * same batch gives the same bytes as long as nobody's bank account changed (the creation time and execution date
 * are the batch's). Refused when a party's account was removed or changed since: make a new batch then.
 */
export async function buildPayoutBatchFile(
  db: DbOrTx,
  actor: Actor,
  batch: PayoutBatchHead,
  now: Date,
): Promise<PayoutBatchFile> {
  if (batch.status === "withdrawn")
    throw new AppError("CONFLICT", "This batch was withdrawn; make a new batch.");
  const lines = await queryRows(
    db,
    lineRow,
    sql`select i.line, i.end_to_end_id, i.party_id, i.amount_minor::text, r.period_start, r.period_end
      from payout_batch_items i join statements s on s.id = i.statement_id join charging_runs r on r.id = s.run_id
      where i.batch_id = ${batch.id} and i.line is not null order by i.line`,
  );
  const executionDate = batch.execution_date ?? day(now);
  const transfers = [];
  for (const line of lines) {
    const account = await readPayoutIbanForExport(db, actor, { partyId: line.party_id, now });
    if (!account || account.held) {
      throw new AppError(
        "CONFLICT",
        `The bank account of payout ${line.line} was ${account ? "changed" : "removed"} after this batch was made; make a new batch.`,
      );
    }
    transfers.push({
      instructionId: `${line.line}`,
      endToEndId: line.end_to_end_id,
      amount: moneyOf(line.amount_minor, batch.currency),
      creditor: { name: account.holderName, iban: account.iban, bic: account.bic ?? undefined },
      remittance: `Scrip payout ${day(line.period_start)} to ${day(new Date(line.period_end.getTime() - 1))}`,
    });
  }
  let content: string;
  let filename: string;
  let contentType: string;
  if (batch.currency === "EUR") {
    const debtor = scripAccount();
    content = buildPain001({
      messageId: batch.message_id,
      createdAt: batch.created_at,
      paymentInformationId: batch.message_id,
      executionDate,
      debtor: { name: debtor.name, iban: debtor.iban, bic: debtor.bic },
      transfers,
    });
    filename = `scrip-payouts-${executionDate}.xml`;
    contentType = "application/xml; charset=utf-8";
  } else {
    content =
      csvLine(["line", "end_to_end_id", "holder_name", "iban", "bic", "amount", "currency", "remittance"]) +
      transfers
        .map((t) =>
          csvLine([
            t.instructionId,
            t.endToEndId,
            t.creditor.name,
            t.creditor.iban,
            t.creditor.bic ?? "",
            toDecimalString(t.amount),
            batch.currency,
            t.remittance,
          ]),
        )
        .join("");
    filename = `scrip-payouts-${batch.currency}-${executionDate}.csv`;
    contentType = "text/csv; charset=utf-8";
  }
  const sha256 = createHash("sha256").update(content, "utf8").digest("hex");
  return { filename, contentType, content, sha256 };
}
