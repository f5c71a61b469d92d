import { isUtcMidnight } from "@/lib/charging/charging-schedule";
import { formatDate, formatDateTime } from "@/lib/dates/format-date";
import { formatMoney, type Money } from "@/lib/money/money";
import { returnReasonWords } from "@/lib/payouts/return-reasons";

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

/** "10:37": the UTC time of day of a period bound. */
const timeOf = (at: Date) => at.toISOString().slice(11, 16);

/**
 * The words for a charging period, named in UTC like its bounds: whole days when it starts and ends at midnight
 * ("For 1 Nov 2026 to 29 Nov 2026", "For 29 Nov 2026"); the time of a bound that is not a midnight (a period an
 * admin closed at the moment of the run): "For 1 Nov 2026 to 29 Nov 2026, 10:37", "For 29 Nov 2026 until 10:37",
 * "For 29 Nov 2026 from 10:37",
 * "For 29 Nov 2026, 10:37 to 30 Nov 2026", "For 29 Nov 2026 from 10:37 to 15:00".
 */
export function periodWords(periodStart: Date, periodEnd: Date): string {
  const startDay = formatDate(periodStart);
  if (isUtcMidnight(periodEnd)) {
    const lastDay = formatDate(lastDayOf(periodEnd));
    if (isUtcMidnight(periodStart))
      return startDay === lastDay ? `For ${startDay}` : `For ${startDay} to ${lastDay}`;
    return startDay === lastDay
      ? `For ${startDay} from ${timeOf(periodStart)}`
      : `For ${startDay}, ${timeOf(periodStart)} to ${lastDay}`;
  }
  const end = formatDateTime(periodEnd, "UTC");
  if (isUtcMidnight(periodStart)) {
    return startDay === formatDate(periodEnd)
      ? `For ${startDay} until ${timeOf(periodEnd)}`
      : `For ${startDay} to ${end}`;
  }
  return startDay === formatDate(periodEnd)
    ? `For ${startDay} from ${timeOf(periodStart)} to ${timeOf(periodEnd)}`
    : `For ${startDay}, ${timeOf(periodStart)} to ${end}`;
}

/** A period bound as the back office lists runs: its date at a midnight, else its date and UTC time. */
export function periodBoundWords(at: Date): string {
  return isUtcMidnight(at) ? formatDate(at) : formatDateTime(at);
}

/** What the bank did with a payout's latest transfer (lib/payouts/with-payout-outcomes.ts). */
export interface PayoutOutcomeFacts {
  outcome: "paid" | "returned";
  /** When the bank's answer said so. */
  at: Date;
  /** The account it went to, masked short ("DE•• … 3000"). */
  account: string | null;
  /** The bank's return reason code, for "returned". */
  reasonCode: string | null;
}

/**
 * A payout's bank transfer in the payee's words: "Paid out on 3 Dec 2026 to DE•• … 3000", or "Returned by the bank
 * on 3 Dec 2026: the account is closed; Scrip will pay again once the bank account is corrected".
 */
export function payoutOutcomeSentence(facts: PayoutOutcomeFacts): string {
  const on = formatDate(facts.at);
  if (facts.outcome === "paid") return `Paid out on ${on}${facts.account ? ` to ${facts.account}` : ""}`;
  return `Returned by the bank on ${on}: ${returnReasonWords(facts.reasonCode)}; Scrip will pay again once the bank account is corrected`;
}
