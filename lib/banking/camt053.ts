import { type Currency, toCurrency } from "@/lib/money/currencies";
import { readBankAmount, readBankDate, readDirection } from "./bank-amount";
import { isCreditorReference } from "./creditor-reference";
import { type BankMessageKind, readBankXml } from "./read-bank-xml";
import { type BankEntry, readAccountIban, readEntries } from "./report-entry";
import { childAt, childrenOf, requiredTextAt, textAt, type XmlNode } from "./xml-nodes";

/**
 * camt.053.001.08 (BankToCustomerStatementV08): the end-of-day statement of Scrip's account. Its booked credits
 * are what people paid; {@link incomingCreditsOf} lists them with the creditor reference to match invoices by.
 */
export const camt053Kind: BankMessageKind = {
  id: "camt.053.001.08",
  rootElement: "BkToCstmrStmt",
  label: "a camt.053 bank statement",
};

export interface StatementBalance {
  /** Tp/CdOrPrtry/Cd: OPBD (opening booked), CLBD (closing booked), … */
  readonly type: string;
  /** Signed: a debit balance is negative. */
  readonly amountMinor: bigint;
  readonly date?: string;
}

export interface Camt053Statement {
  /** Stmt/Id: the bank's id of this statement. */
  readonly id: string;
  readonly accountIban?: string;
  readonly balances: readonly StatementBalance[];
  readonly entries: readonly BankEntry[];
}

export interface Camt053 {
  readonly messageId: string;
  readonly createdAt: string;
  readonly statements: readonly Camt053Statement[];
}

function readBalance(node: XmlNode, currency: Currency, where: string): StatementBalance {
  const amount = readBankAmount(childAt(node, "Amt"), currency, where);
  const direction = readDirection(textAt(node, "CdtDbtInd"), where);
  return {
    type: textAt(node, "Tp", "CdOrPrtry", "Cd") ?? textAt(node, "Tp", "CdOrPrtry", "Prtry") ?? "",
    amountMinor: direction === "credit" ? amount : -amount,
    date: readBankDate(childAt(node, "Dt"), where),
  };
}

/** Reads an uploaded camt.053.001.08 file whose amounts must all be in `currency` (EUR by default). */
export function readCamt053(input: Uint8Array | string, options: { currency?: string } = {}): Camt053 {
  const currency: Currency = toCurrency(options.currency ?? "EUR");
  const message = readBankXml(input, camt053Kind);
  const header = childrenOf(message, "GrpHdr")[0];
  const statements = childrenOf(message, "Stmt").map((node, index) => {
    const where = `Statement ${index + 1}`;
    return {
      id: requiredTextAt(node, where, "Id"),
      accountIban: readAccountIban(node, currency, where),
      balances: childrenOf(node, "Bal").map((balance, position) =>
        readBalance(balance, currency, `${where}, balance ${position + 1}`),
      ),
      entries: readEntries(node, currency, where),
    };
  });
  return {
    messageId: requiredTextAt(header, "The file's group header", "MsgId"),
    createdAt: requiredTextAt(header, "The file's group header", "CreDtTm"),
    statements,
  };
}

/** One payment received, ready to match against open invoices by reference and amount. */
export interface IncomingCredit {
  /**
   * Stable across uploads of the same bookings: the transaction's or the entry's AcctSvcrRef (plus the
   * transaction's position when an entry has several), else statement id, entry and transaction positions.
   * Store it with the match so re-importing a file changes nothing.
   */
  readonly key: string;
  readonly statementId: string;
  readonly amountMinor: bigint;
  readonly bookingDate?: string;
  /** A valid RF creditor reference, from the structured reference or an unstructured text that is exactly one. */
  readonly creditorReference?: string;
  readonly remittanceText?: string;
  readonly debtorName?: string;
  readonly debtorIban?: string;
  readonly endToEndId?: string;
}

/** "rf18 5390 0754 7034" → "RF18539007547034" when that is a valid RF reference. */
function rfReferenceIn(text: string | undefined): string | undefined {
  const compact = text?.replace(/\s+/g, "").toUpperCase();
  return compact !== undefined && isCreditorReference(compact) ? compact : undefined;
}

/**
 * The booked (BOOK), non-reversed credit transactions of every statement in the file, in file order: what people
 * paid into Scrip's account. Returns of Scrip's own payouts (credits with RtrInf) are left out.
 */
export function incomingCreditsOf(file: Camt053): IncomingCredit[] {
  const credits: IncomingCredit[] = [];
  for (const statement of file.statements) {
    for (const entry of statement.entries) {
      if (entry.status !== "BOOK" || entry.reversal) continue;
      entry.transactions.forEach((transaction, index) => {
        if (transaction.direction !== "credit" || transaction.returnReasonCode !== undefined) return;
        const several = entry.transactions.length > 1;
        const key =
          transaction.servicerReference ??
          (entry.servicerReference
            ? `${entry.servicerReference}${several ? `#${index + 1}` : ""}`
            : `${statement.id}#${entry.position}#${index + 1}`);
        credits.push({
          key,
          statementId: statement.id,
          amountMinor: transaction.amountMinor,
          bookingDate: entry.bookingDate,
          creditorReference:
            rfReferenceIn(transaction.creditorReference) ?? rfReferenceIn(transaction.remittanceText),
          remittanceText: transaction.remittanceText,
          debtorName: transaction.debtorName,
          debtorIban: transaction.debtorIban,
          endToEndId: transaction.endToEndId,
        });
      });
    }
  }
  return credits;
}
