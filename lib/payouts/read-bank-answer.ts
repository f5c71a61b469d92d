import { createHash } from "node:crypto";
import { payoutOutcomesOf, readCamt054 } from "@/lib/banking/camt054";
import { readPain002, statusOfPayout } from "@/lib/banking/pain002";
import { maxBankFileBytes } from "@/lib/banking/read-bank-xml";
import { AppError } from "@/lib/errors";

/** One payout's answer in a bank file, by the EndToEndId Scrip wrote. */
export interface BankAnswerLine {
  endToEndId: string;
  outcome: "sent" | "returned" | "pending";
  amountMinor?: bigint;
  reasonCode?: string;
  reasonText?: string;
}

export interface BankAnswerFile {
  kind: "camt054" | "pain002";
  sha256: string;
  /** For pain.002: the MsgId of the payout file it answers (its block or group status covers that file's lines). */
  originalMessageId?: string;
  lines: BankAnswerLine[];
  /** For pain.002: the status that applies to a line of the original file the report does not list, if any. */
  statusOfUnlisted?: (endToEndId: string) => BankAnswerLine | undefined;
}

const outcomeOfPain002 = { settled: "sent", accepted: "sent", rejected: "returned" } as const;

function lineOfPain002(
  endToEndId: string,
  status: ReturnType<typeof statusOfPayout>,
  amountMinor?: bigint,
): BankAnswerLine | undefined {
  if (!status) return undefined;
  const outcome = outcomeOfPain002[status.outcome as keyof typeof outcomeOfPain002] ?? "pending";
  return {
    endToEndId,
    outcome,
    amountMinor,
    reasonCode: outcome === "returned" ? status.reason?.code : undefined,
    reasonText: outcome === "returned" ? status.reason?.text : undefined,
  };
}

/**
 * Reads an uploaded bank answer: a camt.054.001.08 notification or a pain.002.001.10 status report, told apart by
 * its namespace and then read by the banking module's hostile-safe readers (size, UTF-8, no DOCTYPE or entities,
 * well-formed, EUR amounts only). Anything else is refused with a clear VALIDATION_FAILED (or PAYLOAD_TOO_LARGE).
 */
export function readBankAnswer(bytes: Uint8Array): BankAnswerFile {
  if (bytes.byteLength > maxBankFileBytes) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      "This file is over 5 MB; a bank's answer to a payout file is smaller.",
    );
  }
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (head.includes("urn:iso:std:iso:20022:tech:xsd:camt.054.")) {
    const lines = payoutOutcomesOf(readCamt054(bytes)).map((outcome) => ({
      endToEndId: outcome.endToEndId,
      outcome: outcome.outcome,
      amountMinor: outcome.amountMinor,
      reasonCode: outcome.reasonCode,
      reasonText: outcome.reasonText,
    }));
    return { kind: "camt054", sha256, lines };
  }
  if (head.includes("urn:iso:std:iso:20022:tech:xsd:pain.002.")) {
    const report = readPain002(bytes);
    const lines = report.transactions.flatMap((transaction) => {
      const line = lineOfPain002(
        transaction.originalEndToEndId,
        statusOfPayout(report, transaction.originalEndToEndId),
        transaction.amountMinor,
      );
      return line ? [line] : [];
    });
    return {
      kind: "pain002",
      sha256,
      originalMessageId: report.originalMessageId,
      lines,
      statusOfUnlisted: (endToEndId) => lineOfPain002(endToEndId, statusOfPayout(report, endToEndId)),
    };
  }
  throw new AppError(
    "VALIDATION_FAILED",
    "This is not a bank answer Scrip reads: upload the bank's camt.054 notification or pain.002 status report (XML).",
  );
}
