import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { type IncomingCredit, incomingCreditsOf, readCamt053 } from "@/lib/banking/camt053";
import { maskIban } from "@/lib/banking/iban";
import { scripAccount } from "@/lib/banking/scrip-account";
import { formatDate } from "@/lib/dates/format-date";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { writeSettlements } from "@/lib/settlement/write-settlements";
import { type CreditDecision, classifyCredit, type MatchableStatement } from "./classify-credit";

/** Most credits one statement file may hold. */
export const bankCreditsPerFileMax = 5_000;

export interface BankImportResult {
  importId: string;
  /** Incoming credits in the file (debits and returns are ignored). */
  credits: number;
  /** Credits that settled their invoice. */
  matched: number;
  /** Credits put in the review queue. */
  review: number;
  /** Credits an earlier file already brought (same bank key): left as they were. */
  repeated: number;
  settledStatementIds: string[];
}

const statementRow = {
  id: column.text,
  party_id: column.text,
  currency: column.text,
  status: column.text,
  amount_minor: column.bigint,
  kind: column.text,
  creditor_reference: column.textOrNull,
};

/** Reads and checks the file before anything is written: a camt.053 (≤ 5 MB, no DTD…) of Scrip's own account. */
function readStatementFile(bytes: Uint8Array): {
  credits: IncomingCredit[];
  statementId: string;
  iban: string;
} {
  const file = readCamt053(bytes, { currency: "EUR" });
  const [first] = file.statements;
  if (!first) throw new AppError("VALIDATION_FAILED", "This bank statement file holds no statement.");
  const own = scripAccount().iban;
  for (const statement of file.statements) {
    if (!statement.accountIban) {
      throw new AppError("VALIDATION_FAILED", "This bank statement does not say which account it is for.");
    }
    if (statement.accountIban !== own) {
      throw new AppError(
        "VALIDATION_FAILED",
        `This bank statement is for the account ${maskIban(statement.accountIban)}, not Scrip's account ${maskIban(own)}.`,
      );
    }
  }
  const credits = incomingCreditsOf(file);
  if (credits.length > bankCreditsPerFileMax) {
    throw new AppError(
      "LIMIT_EXCEEDED",
      `A bank statement file can hold at most ${bankCreditsPerFileMax} payments.`,
    );
  }
  if (new Set(credits.map((credit) => credit.key)).size !== credits.length) {
    throw new AppError("VALIDATION_FAILED", "This bank statement lists the same payment twice.");
  }
  return { credits, statementId: first.id, iban: own };
}

/** Locks the statements the credits' references name, in id order (as settlement does, so no deadlocks). */
async function lockReferenced(tx: Tx, credits: readonly IncomingCredit[]) {
  const references = [...new Set(credits.flatMap((credit) => credit.creditorReference ?? []))];
  if (references.length === 0) return new Map<string, MatchableStatement>();
  const rows = await queryRows(
    tx,
    statementRow,
    sql`select id, party_id, currency, status::text, amount_minor::text, kind::text, creditor_reference
      from statements where creditor_reference in (${sql.join(
        references.map((reference) => sql`${reference}`),
        sql`, `,
      )}) order by id for update`,
  );
  return new Map(rows.map((row) => [row.creditor_reference ?? "", row]));
}

/**
 * Imports a camt.053 statement of Scrip's account (settlement.write): each booked incoming credit whose RF
 * reference, currency and amount are exactly an open invoice's settles it with one invoice_settled posting
 * (writeSettlements, the same write as settling by hand); partial, overpaid, unknown and already-paid credits
 * wait for review with the reason. One transaction per file: the file (by SHA-256) and each credit (by the bank's
 * key) are imported once, also under concurrent uploads, and the invoices are row-locked, so a concurrent manual
 * settlement or a second import never settles twice. A credit is evidence the money arrived, not an admin's
 * choice: no passkey or dual control, but every settlement and the import are audited.
 */
export async function importBankStatement(
  db: DbOrTx,
  actor: Actor,
  input: { bytes: Uint8Array; ip?: string | null },
): Promise<BankImportResult> {
  requirePermission(actor, "settlement.write");
  const file = readStatementFile(input.bytes);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  return db.transaction(async (tx) => {
    const importId = newId("bankImport");
    const inserted = await queryRow(
      tx,
      { id: column.text },
      sql`insert into bank_statement_imports (id, sha256, bank_statement_id, account_iban, imported_by_user_id,
          credit_count, matched_count, review_count, repeated_count)
        values (${importId}, ${sha256}, ${file.statementId.slice(0, 35)}, ${file.iban},
          ${actor.kind === "user" ? actor.userId : null}, 0, 0, 0, 0)
        on conflict (sha256) do nothing returning id`,
    );
    if (!inserted) {
      const earlier = await queryRow(
        tx,
        { imported_at: column.date },
        sql`select imported_at from bank_statement_imports where sha256 = ${sha256}`,
      );
      throw new AppError(
        "CONFLICT",
        `This bank statement was already imported${earlier ? ` on ${formatDate(earlier.imported_at)}` : ""}; nothing changed.`,
      );
    }
    const byReference = await lockReferenced(tx, file.credits);
    const keys = file.credits.map((credit) => credit.key);
    const known = new Set(
      keys.length === 0
        ? []
        : (
            await queryRows(
              tx,
              { credit_key: column.text },
              sql`select credit_key from bank_credits where credit_key in (${sql.join(
                keys.map((key) => sql`${key}`),
                sql`, `,
              )})`,
            )
          ).map((row) => row.credit_key),
    );
    const fresh = file.credits.filter((credit) => !known.has(credit.key));
    const settledHere = new Set<string>();
    const decisions: { credit: IncomingCredit; decision: CreditDecision }[] = [];
    for (const credit of fresh) {
      const decision = classifyCredit(
        { amountMinor: credit.amountMinor, currency: "EUR", reference: credit.creditorReference },
        byReference,
        settledHere,
      );
      if (decision.status === "matched" && decision.statementId) settledHere.add(decision.statementId);
      decisions.push({ credit, decision });
    }
    const toSettle = [...byReference.values()].filter((row) => settledHere.has(row.id));
    const settled = await writeSettlements(tx, { actor, locked: toSettle, ip: input.ip });
    if (settled.length !== toSettle.length) throw new Error("a matched invoice was not settled");
    const postings = new Map(
      settled.length === 0
        ? []
        : (
            await queryRows(
              tx,
              { id: column.text, settlement_posting_id: column.text },
              sql`select id, settlement_posting_id from statements where id in (${sql.join(
                settled.map((id) => sql`${id}`),
                sql`, `,
              )})`,
            )
          ).map((row) => [row.id, row.settlement_posting_id]),
    );
    // In key order, so two files sharing credits insert them in the same order.
    decisions.sort((a, b) => (a.credit.key < b.credit.key ? -1 : a.credit.key > b.credit.key ? 1 : 0));
    const matched = decisions.filter((entry) => entry.decision.status === "matched").length;
    let review = decisions.length - matched;
    let raced = 0;
    for (const { credit, decision } of decisions) {
      const written = await queryRow(
        tx,
        { id: column.text },
        sql`insert into bank_credits (id, import_id, credit_key, amount_minor, currency, booking_date, reference,
            debtor_name, status, statement_id, posting_id, note)
          values (${newId("bankCredit")}, ${importId}, ${credit.key}, ${credit.amountMinor}, 'EUR',
            ${credit.bookingDate ?? null}, ${credit.creditorReference ?? null},
            ${credit.debtorName?.slice(0, 140) ?? null}, ${decision.status}, ${decision.statementId},
            ${decision.status === "matched" && decision.statementId ? (postings.get(decision.statementId) ?? null) : null},
            ${decision.note})
          on conflict (credit_key) do nothing returning id`,
      );
      if (written) continue;
      // A concurrent import committed this credit after we looked. Matched credits cannot race (their invoice is
      // locked first); any other is simply one more repeat.
      if (decision.status === "matched") {
        throw new AppError("CONCURRENT_REQUEST", "Another bank statement is being imported; try again.");
      }
      raced += 1;
      review -= 1;
    }
    const result: BankImportResult = {
      importId,
      credits: file.credits.length,
      matched,
      review,
      repeated: file.credits.length - fresh.length + raced,
      settledStatementIds: settled,
    };
    await tx.execute(sql`update bank_statement_imports set credit_count = ${result.credits},
        matched_count = ${result.matched}, review_count = ${result.review}, repeated_count = ${result.repeated}
      where id = ${importId}`);
    await recordAuditEvent(tx, {
      action: "bank.statement_imported",
      actor,
      targetType: "bank_statement_import",
      targetId: importId,
      ip: input.ip,
      data: { sha256, matched, review: result.review, repeated: result.repeated, settled },
    });
    return result;
  });
}
