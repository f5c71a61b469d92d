import { AppError } from "@/lib/errors";
import type { Currency } from "@/lib/money/currencies";
import { readBankAmount, readBankDate, readDirection } from "./bank-amount";
import { childAt, childrenOf, quoted, textAt, textOf, type XmlNode } from "./xml-nodes";

/**
 * One booked line of a bank statement or notification (ISO 20022 ReportEntry10, shared by camt.053.001.08 and
 * camt.054.001.08), with its transaction details (EntryTransaction10). Amounts are bigint minor units of the
 * file's one currency; every text is as the bank sent it (decoded, trimmed).
 */
export interface BankEntry {
  /** 1-based position of the entry in its statement or notification, for messages. */
  readonly position: number;
  /** NtryRef, when the bank numbers its entries. */
  readonly entryReference?: string;
  readonly amountMinor: bigint;
  readonly currency: Currency;
  readonly direction: "credit" | "debit";
  /** RvslInd: this entry reverses an earlier one (a return or correction by the bank). */
  readonly reversal: boolean;
  /** Sts/Cd: BOOK (booked), PDNG (pending), INFO, FUTR; or the bank's own code (Sts/Prtry). */
  readonly status: string;
  /** BookgDt, YYYY-MM-DD. */
  readonly bookingDate?: string;
  /** ValDt, YYYY-MM-DD. */
  readonly valueDate?: string;
  /** AcctSvcrRef: the bank's own unique reference of the entry; the key for importing a file twice safely. */
  readonly servicerReference?: string;
  /** At least one: a booking without TxDtls yields one transaction carrying the entry's amount. */
  readonly transactions: readonly BankTransaction[];
}

export interface BankTransaction {
  readonly amountMinor: bigint;
  readonly direction: "credit" | "debit";
  /** Refs/EndToEndId (payer's reference; "NOTPROVIDED" is read as absent). */
  readonly endToEndId?: string;
  readonly instructionId?: string;
  readonly messageId?: string;
  readonly paymentInformationId?: string;
  /** Refs/AcctSvcrRef of the transaction. */
  readonly servicerReference?: string;
  /** RmtInf/Strd/CdtrRefInf/Ref: the structured creditor reference (an RF reference when the payer used ours). */
  readonly creditorReference?: string;
  /** RmtInf/Ustrd lines joined with a space. */
  readonly remittanceText?: string;
  /** RltdPties/Dbtr/Pty/Nm and RltdPties/DbtrAcct/Id/IBAN. */
  readonly debtorName?: string;
  readonly debtorIban?: string;
  /** RltdPties/Cdtr/Pty/Nm and RltdPties/CdtrAcct/Id/IBAN. */
  readonly creditorName?: string;
  readonly creditorIban?: string;
  /** RtrInf: present when this transaction returns an earlier payment. Rsn/Cd (such as AC04, MS03) or Rsn/Prtry. */
  readonly returnReasonCode?: string;
  /** RtrInf/AddtlInf lines joined with a space. */
  readonly returnReasonText?: string;
}

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

/** Caps how many transactions one entry may list (a batch booking of a whole payout file stays far below). */
export const maxTransactionsPerEntry = 10_000;

function reference(node: XmlNode | undefined, name: string): string | undefined {
  const text = textAt(node, "Refs", name);
  return text === "NOTPROVIDED" ? undefined : text;
}

function joined(nodes: XmlNode[]): string | undefined {
  const text = nodes
    .map(textOf)
    .filter((line) => line !== undefined)
    .join(" ");
  return text === "" ? undefined : text;
}

function readTransaction(
  node: XmlNode,
  entry: { amountMinor: bigint; direction: "credit" | "debit"; currency: Currency; single: boolean },
  where: string,
): BankTransaction {
  const amountNode = childAt(node, "Amt");
  if (amountNode === undefined && !entry.single) {
    throw invalid(`${where} has no amount, and its entry lists several transactions.`);
  }
  const amountMinor = amountNode ? readBankAmount(amountNode, entry.currency, where) : entry.amountMinor;
  const indicator = textAt(node, "CdtDbtInd");
  const direction = indicator === undefined ? entry.direction : readDirection(indicator, where);
  const parties = childAt(node, "RltdPties");
  const returned = childAt(node, "RtrInf");
  return {
    amountMinor,
    direction,
    endToEndId: reference(node, "EndToEndId"),
    instructionId: reference(node, "InstrId"),
    messageId: reference(node, "MsgId"),
    paymentInformationId: reference(node, "PmtInfId"),
    servicerReference: reference(node, "AcctSvcrRef"),
    creditorReference: childrenOf(childAt(node, "RmtInf"), "Strd")
      .map((structured) => textAt(structured, "CdtrRefInf", "Ref"))
      .find((ref) => ref !== undefined),
    remittanceText: joined(childrenOf(childAt(node, "RmtInf"), "Ustrd")),
    debtorName: textAt(parties, "Dbtr", "Pty", "Nm"),
    debtorIban: textAt(parties, "DbtrAcct", "Id", "IBAN"),
    creditorName: textAt(parties, "Cdtr", "Pty", "Nm"),
    creditorIban: textAt(parties, "CdtrAcct", "Id", "IBAN"),
    returnReasonCode: returned
      ? (textAt(returned, "Rsn", "Cd") ?? textAt(returned, "Rsn", "Prtry"))
      : undefined,
    returnReasonText: returned ? joined(childrenOf(returned, "AddtlInf")) : undefined,
  };
}

/** Reads the Ntry elements of a statement or notification `parent`, in file order. */
export function readEntries(parent: XmlNode, currency: Currency, where: string): BankEntry[] {
  return childrenOf(parent, "Ntry").map((node, index) => {
    const position = index + 1;
    const at = `${where}, entry ${position}`;
    const amountMinor = readBankAmount(childAt(node, "Amt"), currency, at);
    const direction = readDirection(textAt(node, "CdtDbtInd"), at);
    const status = textAt(node, "Sts", "Cd") ?? textAt(node, "Sts", "Prtry");
    if (status === undefined) throw invalid(`${at} has no status (Sts).`);
    const details = childrenOf(node, "NtryDtls").flatMap((batch) => childrenOf(batch, "TxDtls"));
    if (details.length > maxTransactionsPerEntry) throw invalid(`${at} lists too many transactions.`);
    const single = details.length <= 1;
    const transactions =
      details.length === 0
        ? [{ amountMinor, direction }]
        : details.map((detail, detailIndex) =>
            readTransaction(
              detail,
              { amountMinor, direction, currency, single },
              `${at}, transaction ${detailIndex + 1}`,
            ),
          );
    return {
      position,
      entryReference: textAt(node, "NtryRef"),
      amountMinor,
      currency,
      direction,
      reversal: textAt(node, "RvslInd") === "true",
      status,
      bookingDate: readBankDate(childAt(node, "BookgDt"), at),
      valueDate: readBankDate(childAt(node, "ValDt"), at),
      servicerReference: textAt(node, "AcctSvcrRef"),
      transactions,
    };
  });
}

/** The account's IBAN (Acct/Id/IBAN) and, when stated, that its currency (Acct/Ccy) is the expected one. */
export function readAccountIban(parent: XmlNode, currency: Currency, where: string): string | undefined {
  const account = childAt(parent, "Acct");
  const accountCurrency = textAt(account, "Ccy");
  if (accountCurrency !== undefined && accountCurrency !== currency) {
    throw invalid(
      `${where} is for an account in ${quoted(accountCurrency)}; Scrip reads ${currency} accounts here.`,
    );
  }
  return textAt(account, "Id", "IBAN");
}
