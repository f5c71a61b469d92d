import { AppError } from "@/lib/errors";
import { type Currency, toCurrency } from "@/lib/money/currencies";
import { readBankAmount } from "./bank-amount";
import { type BankMessageKind, readBankXml } from "./read-bank-xml";
import { childAt, childrenOf, quoted, requiredTextAt, textAt, type XmlNode } from "./xml-nodes";

/**
 * pain.002.001.10 (CustomerPaymentStatusReportV10): the bank's answer to a pain.001, for the whole file
 * (GrpSts), the payment block (PmtInfSts) and each transfer (TxSts, by OrgnlEndToEndId), with reasons
 * (StsRsnInf/Rsn/Cd such as AC01 "incorrect account number").
 */
export const pain002Kind: BankMessageKind = {
  id: "pain.002.001.10",
  rootElement: "CstmrPmtStsRpt",
  label: "a pain.002 payment status report",
};

/**
 * What a status code means for a payout: "settled" (ACSC, ACCC: the money left Scrip's account), "accepted" (the
 * bank took it and will execute it: ACCP, ACSP, ACTC, ACWC, ACWP, ACFC), "partial" (PART, for a file or block:
 * see the transactions), "pending" (RCVD, PDNG), "rejected" (RJCT), or "unknown" for another well-formed code
 * of the external list (leave such a payout as it is and show it for review).
 */
export type PaymentOutcome = "settled" | "accepted" | "partial" | "pending" | "rejected" | "unknown";

const outcomes: Readonly<Record<string, PaymentOutcome>> = {
  ACSC: "settled",
  ACCC: "settled",
  ACCP: "accepted",
  ACSP: "accepted",
  ACTC: "accepted",
  ACWC: "accepted",
  ACWP: "accepted",
  ACFC: "accepted",
  PART: "partial",
  RCVD: "pending",
  PDNG: "pending",
  RJCT: "rejected",
};

export interface StatusReason {
  /** The code (Rsn/Cd, an ISO external status reason code) or the bank's own (Rsn/Prtry). */
  readonly code?: string;
  /** AddtlInf lines joined with a space. */
  readonly text?: string;
}

export interface PaymentStatus {
  readonly status: string;
  readonly outcome: PaymentOutcome;
  readonly reason?: StatusReason;
}

export interface TransactionStatus extends PaymentStatus {
  readonly originalEndToEndId: string;
  readonly originalInstructionId?: string;
  /** OrgnlTxRef/Amt/InstdAmt, when the bank repeats it. */
  readonly amountMinor?: bigint;
}

export interface Pain002 {
  readonly messageId: string;
  readonly createdAt: string;
  /** OrgnlMsgId: the MsgId of the pain.001 this answers. */
  readonly originalMessageId: string;
  /** OrgnlMsgNmId, such as "pain.001.001.09". */
  readonly originalMessageName: string;
  readonly group?: PaymentStatus;
  readonly paymentInformation: readonly (Partial<PaymentStatus> & {
    readonly originalPaymentInformationId: string;
  })[];
  readonly transactions: readonly TransactionStatus[];
}

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

function readReason(node: XmlNode | undefined): StatusReason | undefined {
  const first = childrenOf(node, "StsRsnInf")[0];
  if (first === undefined) return undefined;
  const text = childrenOf(first, "AddtlInf")
    .map((line) => textAt(line))
    .filter((line) => line !== undefined)
    .join(" ");
  return {
    code: textAt(first, "Rsn", "Cd") ?? textAt(first, "Rsn", "Prtry"),
    text: text === "" ? undefined : text,
  };
}

function readStatus(code: string | undefined, node: XmlNode, where: string): PaymentStatus | undefined {
  if (code === undefined) return undefined;
  if (!/^[A-Z0-9]{4}$/.test(code))
    throw invalid(`${where} has the status ${quoted(code)}, which is not a status code.`);
  return { status: code, outcome: outcomes[code] ?? "unknown", reason: readReason(node) };
}

/** Reads an uploaded pain.002.001.10 file; repeated amounts must be in `currency` (EUR by default). */
export function readPain002(input: Uint8Array | string, options: { currency?: string } = {}): Pain002 {
  const currency: Currency = toCurrency(options.currency ?? "EUR");
  const message = readBankXml(input, pain002Kind);
  const header = childAt(message, "GrpHdr");
  const original = childAt(message, "OrgnlGrpInfAndSts");
  const groupWhere = "The file's original group information";
  const group = readStatus(textAt(original, "GrpSts"), original ?? {}, groupWhere);
  const paymentInformation = [];
  const transactions: TransactionStatus[] = [];
  for (const [blockIndex, block] of childrenOf(message, "OrgnlPmtInfAndSts").entries()) {
    const where = `Payment block ${blockIndex + 1}`;
    const blockStatus = readStatus(textAt(block, "PmtInfSts"), block, where);
    paymentInformation.push({
      originalPaymentInformationId: requiredTextAt(block, where, "OrgnlPmtInfId"),
      ...blockStatus,
    });
    for (const [index, node] of childrenOf(block, "TxInfAndSts").entries()) {
      const at = `${where}, transaction ${index + 1}`;
      const status = readStatus(textAt(node, "TxSts"), node, at) ?? blockStatus ?? group;
      if (status === undefined) throw invalid(`${at} has no status.`);
      const amountNode = childAt(node, "OrgnlTxRef", "Amt", "InstdAmt");
      transactions.push({
        ...status,
        originalEndToEndId: requiredTextAt(node, at, "OrgnlEndToEndId"),
        originalInstructionId: textAt(node, "OrgnlInstrId"),
        amountMinor: amountNode ? readBankAmount(amountNode, currency, at) : undefined,
      });
    }
  }
  return {
    messageId: requiredTextAt(header, "The file's group header", "MsgId"),
    createdAt: requiredTextAt(header, "The file's group header", "CreDtTm"),
    originalMessageId: requiredTextAt(original, groupWhere, "OrgnlMsgId"),
    originalMessageName: requiredTextAt(original, groupWhere, "OrgnlMsgNmId"),
    group,
    paymentInformation,
    transactions,
  };
}

/**
 * The status of the payout written with `endToEndId` into the (one-block) pain.001 this report answers: its own
 * transaction status when listed, else the block's, else the whole file's; undefined when the report says
 * nothing that applies to it (a "partial" block or file without a line for it).
 */
export function statusOfPayout(report: Pain002, endToEndId: string): PaymentStatus | undefined {
  const own = report.transactions.find((transaction) => transaction.originalEndToEndId === endToEndId);
  if (own) return { status: own.status, outcome: own.outcome, reason: own.reason };
  const block = report.paymentInformation.length === 1 ? report.paymentInformation[0] : undefined;
  for (const candidate of [block, report.group]) {
    if (
      candidate?.status !== undefined &&
      candidate.outcome !== undefined &&
      candidate.outcome !== "partial"
    ) {
      return { status: candidate.status, outcome: candidate.outcome, reason: candidate.reason };
    }
  }
  return undefined;
}
