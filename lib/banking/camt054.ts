import { type Currency, toCurrency } from "@/lib/money/currencies";
import { type BankMessageKind, readBankXml } from "./read-bank-xml";
import { type BankEntry, readAccountIban, readEntries } from "./report-entry";
import { childrenOf, requiredTextAt } from "./xml-nodes";

/**
 * camt.054.001.08 (BankToCustomerDebitCreditNotificationV08): the bank's notice of each booking on Scrip's account.
 * For a payout file it says, per EndToEndId, that the transfer was booked (sent) or came back (returned, with
 * RtrInf/Rsn/Cd such as AC04 "account closed").
 */
export const camt054Kind: BankMessageKind = {
  id: "camt.054.001.08",
  rootElement: "BkToCstmrDbtCdtNtfctn",
  label: "a camt.054 debit/credit notification",
};

export interface Camt054Notification {
  /** Ntfctn/Id. */
  readonly id: string;
  /** Acct/Id/IBAN: the account the bookings are on (Scrip's own). */
  readonly accountIban?: string;
  readonly entries: readonly BankEntry[];
}

export interface Camt054 {
  readonly messageId: string;
  /** GrpHdr/CreDtTm as the bank wrote it (ISO 8601). */
  readonly createdAt: string;
  readonly notifications: readonly Camt054Notification[];
}

/** Reads an uploaded camt.054.001.08 file whose amounts must all be in `currency` (EUR by default). */
export function readCamt054(input: Uint8Array | string, options: { currency?: string } = {}): Camt054 {
  const currency: Currency = toCurrency(options.currency ?? "EUR");
  const message = readBankXml(input, camt054Kind);
  const header = childrenOf(message, "GrpHdr")[0];
  const notifications = childrenOf(message, "Ntfctn").map((node, index) => {
    const where = `Notification ${index + 1}`;
    return {
      id: requiredTextAt(node, where, "Id"),
      accountIban: readAccountIban(node, currency, where),
      entries: readEntries(node, currency, where),
    };
  });
  return {
    messageId: requiredTextAt(header, "The file's group header", "MsgId"),
    createdAt: requiredTextAt(header, "The file's group header", "CreDtTm"),
    notifications,
  };
}

/** What happened to one payout, by the EndToEndId Scrip wrote into the pain.001. */
export interface PayoutOutcome {
  readonly endToEndId: string;
  /** "sent": booked off Scrip's account; "returned": the money came back (or the booking was reversed). */
  readonly outcome: "sent" | "returned";
  readonly amountMinor: bigint;
  readonly bookingDate?: string;
  /** The ISO return reason code (RtrInf/Rsn/Cd), for "returned". */
  readonly reasonCode?: string;
  readonly reasonText?: string;
  /** The bank's reference of the entry (AcctSvcrRef), to record with the outcome. */
  readonly servicerReference?: string;
}

/**
 * The payout outcomes in a notification file, in file order: booked (BOOK) debits with an EndToEndId are "sent";
 * booked transactions carrying return information (RtrInf), or in a reversal entry, are "returned". Pending and
 * informational entries, incoming credits and lines without an EndToEndId are left out. The same EndToEndId can
 * appear twice (sent, then returned); apply the outcomes in order.
 */
export function payoutOutcomesOf(file: Camt054): PayoutOutcome[] {
  const outcomes: PayoutOutcome[] = [];
  for (const notification of file.notifications) {
    for (const entry of notification.entries) {
      if (entry.status !== "BOOK") continue;
      for (const transaction of entry.transactions) {
        if (transaction.endToEndId === undefined) continue;
        const returned = transaction.returnReasonCode !== undefined || entry.reversal;
        if (!returned && transaction.direction !== "debit") continue;
        outcomes.push({
          endToEndId: transaction.endToEndId,
          outcome: returned ? "returned" : "sent",
          amountMinor: transaction.amountMinor,
          bookingDate: entry.bookingDate,
          reasonCode: returned ? transaction.returnReasonCode : undefined,
          reasonText: returned ? transaction.returnReasonText : undefined,
          servicerReference: transaction.servicerReference ?? entry.servicerReference,
        });
      }
    }
  }
  return outcomes;
}
