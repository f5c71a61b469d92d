import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp, completeStepUp } from "@/lib/auth/require-step-up";
import { parseCreditorReference } from "@/lib/banking/creditor-reference";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { lockStatements, writeSettlements } from "@/lib/settlement/write-settlements";
import { matchCreditOperation } from "./operations";

const reviewCreditRow = { id: column.text, status: column.text, currency: column.text };

const noSuchCredit = () => new AppError("NOT_FOUND", "No such payment in the review queue.");

/** Locks a credit waiting for review (refusing one already matched or dismissed). */
async function lockReviewCredit(tx: Tx, creditId: string) {
  if (!isId("bankCredit", creditId)) throw noSuchCredit();
  const credit = await queryRow(
    tx,
    reviewCreditRow,
    sql`select id, status, currency from bank_credits where id = ${creditId} for update`,
  );
  if (!credit) throw noSuchCredit();
  if (!credit.status.startsWith("review_")) {
    throw new AppError("CONFLICT", "This payment has already been dealt with.");
  }
  return credit;
}

/** Step-up options for matching the credit `creditId` to the invoice with payment reference `reference`. */
export async function beginMatchCredit(
  db: DbOrTx,
  actor: Actor,
  input: { creditId: string; reference: string; ip?: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  requirePermission(actor, "settlement.write");
  const reference = parseCreditorReference(input.reference);
  return beginStepUp(db, { actor, operation: matchCreditOperation(input.creditId, reference), ip: input.ip });
}

/**
 * An admin matches a payment from the review queue to an open invoice by hand (a partial payment completed by
 * another, a reference mistyped…): confirmed with a passkey, never for their own party, it settles the invoice with
 * one invoice_settled posting (writeSettlements) and links the credit to it; audited.
 */
export async function matchCreditByHand(
  db: DbOrTx,
  actor: Actor,
  input: { creditId: string; reference: string; authorization?: unknown; ip?: string | null },
): Promise<{ statementId: string }> {
  requirePermission(actor, "settlement.write");
  const reference = parseCreditorReference(input.reference);
  return db.transaction(async (tx) => {
    await completeStepUp(tx, {
      actor,
      operation: matchCreditOperation(input.creditId, reference),
      response: input.authorization,
      ip: input.ip,
      auditDb: db,
    });
    const credit = await lockReviewCredit(tx, input.creditId);
    const invoice = await queryRow(
      tx,
      { id: column.text },
      sql`select id from statements where creditor_reference = ${reference} and kind = 'invoice'`,
    );
    if (!invoice) throw new AppError("NOT_FOUND", "No invoice has this payment reference.");
    const [locked] = await lockStatements(tx, [invoice.id]);
    if (!locked) throw new AppError("NOT_FOUND", "No invoice has this payment reference.");
    if (locked.status !== "open") throw new AppError("CONFLICT", "This invoice is already paid.");
    if (locked.currency !== credit.currency) {
      throw new AppError(
        "CURRENCY_MISMATCH",
        `This invoice is in ${locked.currency}, the payment in ${credit.currency}.`,
      );
    }
    await assertNotOwnParty(tx, actor, [locked.party_id]);
    const [settled] = await writeSettlements(tx, { actor, locked: [locked], ip: input.ip });
    if (!settled) throw new Error("the invoice was not settled");
    await tx.execute(sql`update bank_credits c set status = 'matched_by_hand', statement_id = s.id,
        posting_id = s.settlement_posting_id, resolved_by_user_id = ${actor.kind === "user" ? actor.userId : null},
        resolved_at = now()
      from statements s where s.id = ${settled} and c.id = ${credit.id}`);
    await recordAuditEvent(tx, {
      action: "bank.credit_matched",
      actor,
      targetType: "bank_credit",
      targetId: credit.id,
      ip: input.ip,
      data: { statementId: settled, previousStatus: credit.status },
    });
    return { statementId: settled };
  });
}

/** An admin dismisses a payment from the review queue (refunded outside Scrip, not ours…) with a reason; audited. */
export async function dismissCredit(
  db: DbOrTx,
  actor: Actor,
  input: { creditId: string; reason: string; ip?: string | null },
): Promise<void> {
  requirePermission(actor, "settlement.write");
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 500) {
    throw new AppError("VALIDATION_FAILED", "Say in 3 to 500 characters why this payment is dismissed.");
  }
  await db.transaction(async (tx) => {
    const credit = await lockReviewCredit(tx, input.creditId);
    await tx.execute(sql`update bank_credits set status = 'dismissed', note = ${reason},
        resolved_by_user_id = ${actor.kind === "user" ? actor.userId : null}, resolved_at = now()
      where id = ${credit.id}`);
    await recordAuditEvent(tx, {
      action: "bank.credit_dismissed",
      actor,
      targetType: "bank_credit",
      targetId: credit.id,
      reason,
      ip: input.ip,
      data: { previousStatus: credit.status },
    });
  });
}
