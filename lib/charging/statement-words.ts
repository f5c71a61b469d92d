import { formatMoney, type Money } from "@/lib/money/money";

/** What a statement's words are made of. */
export interface StatementFacts extends Money<string> {
  kind: "invoice" | "payout";
  status: "open" | "settled";
  /** When an invoice is due; null for payouts. */
  dueAt: Date | null;
}

/**
 * What the statement means for the party, in their words: "You owe Scrip €50.00" / "You paid Scrip €50.00" for an
 * invoice, "Scrip pays you €6.40" / "Scrip paid you €6.40" for a payout (the date, if any, follows it).
 */
export function statementSentence(facts: StatementFacts): string {
  const amount = formatMoney(facts);
  if (facts.kind === "invoice") {
    return facts.status === "settled" ? `You paid Scrip ${amount}` : `You owe Scrip ${amount}`;
  }
  return facts.status === "settled" ? `Scrip paid you ${amount}` : `Scrip pays you ${amount}`;
}

/** An open invoice's payment term at `now`: due by its date, or overdue since it; nothing for the rest. */
export function invoiceDueState(
  facts: Pick<StatementFacts, "kind" | "status" | "dueAt">,
  now: Date,
): { state: "due" | "overdue"; at: Date } | null {
  if (facts.kind !== "invoice" || facts.status !== "open" || !facts.dueAt) return null;
  return { state: facts.dueAt.getTime() <= now.getTime() ? "overdue" : "due", at: facts.dueAt };
}

/** The last day a period ending at `periodEnd` (an exclusive UTC midnight) covers. */
export function lastDayOf(periodEnd: Date): Date {
  return new Date(periodEnd.getTime() - 1);
}
