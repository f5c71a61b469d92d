import type { LockedStatement } from "@/lib/settlement/write-settlements";

/** What an import does with one incoming credit. */
export type CreditStatus =
  | "matched"
  | "review_partial"
  | "review_unmatched"
  | "review_overpaid"
  | "dismissed"
  | "matched_by_hand";

/** A statement as matching reads it: locked, with its kind and payment reference. */
export interface MatchableStatement extends LockedStatement {
  kind: string;
  creditor_reference: string | null;
}

export interface CreditDecision {
  status: CreditStatus;
  /** The invoice the credit names (matched, or the one it falls short of / exceeds). */
  statementId: string | null;
  /** Why it waits for review, in words an admin acts on; null when matched. */
  note: string | null;
}

/**
 * Matches one credit to the open invoice its reference names: the same reference, currency and amount settles
 * it; less is a partial payment, more an overpayment, an unknown reference, another currency or an invoice already
 * paid (earlier, by hand, or by another credit of this file: `settledHere`) waits for review.
 */
export function classifyCredit(
  credit: { amountMinor: bigint; currency: string; reference: string | undefined },
  byReference: ReadonlyMap<string, MatchableStatement>,
  settledHere: ReadonlySet<string>,
): CreditDecision {
  if (!credit.reference) {
    return {
      status: "review_unmatched",
      statementId: null,
      note: "The payment has no RF payment reference.",
    };
  }
  const invoice = byReference.get(credit.reference);
  if (invoice?.kind !== "invoice") {
    return {
      status: "review_unmatched",
      statementId: null,
      note: "No invoice has this payment reference.",
    };
  }
  if (invoice.status !== "open" || settledHere.has(invoice.id)) {
    return {
      status: "review_overpaid",
      statementId: invoice.id,
      note: "The invoice was already paid: this payment is more than was owed.",
    };
  }
  if (invoice.currency !== credit.currency) {
    return {
      status: "review_unmatched",
      statementId: invoice.id,
      note: `The invoice is in ${invoice.currency} but the payment is in ${credit.currency}.`,
    };
  }
  if (credit.amountMinor < invoice.amount_minor) {
    return {
      status: "review_partial",
      statementId: invoice.id,
      note: "The payment is less than the invoice.",
    };
  }
  if (credit.amountMinor > invoice.amount_minor) {
    return {
      status: "review_overpaid",
      statementId: invoice.id,
      note: "The payment is more than the invoice.",
    };
  }
  return { status: "matched", statementId: invoice.id, note: null };
}
