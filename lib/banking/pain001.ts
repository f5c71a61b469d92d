import { AppError } from "@/lib/errors";
import type { Money } from "@/lib/money/money";
import { toDecimalString } from "@/lib/money/money";
import { type Bic, type Iban, parseBic, parseIban } from "./iban";
import { assertSepaId, toSepaText } from "./sepa-text";
import { element, renderXmlDocument, type XmlElement } from "./xml-writer";

/**
 * ISO 20022 pain.001.001.09 (CustomerCreditTransferInitiationV09) as the EPC SEPA Credit Transfer guidelines use
 * it: one payment information block (transfer, batch booking, service level SEPA, charges SLEV), EUR only, and
 * one credit transfer per payout. The bank executes it on the requested date and answers with a pain.002 and/or
 * camt.054 whose EndToEndIds are the ones written here.
 */
export const pain001Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

/** How many transfers one file may carry (banks commonly cap files well above what a charging run produces). */
export const maxCreditTransfers = 10_000;
/** SEPA: 0.01 to 999,999,999.99 EUR per transfer. */
const maxTransferMinor = 99_999_999_999n;

export interface SepaAccountHolder {
  /** Written in the SEPA character set, at most 70 characters (longer names are cut). */
  readonly name: string;
  readonly iban: Iban | string;
  readonly bic?: Bic | string;
}

export interface CreditTransfer {
  /** InstrId: Scrip's id of this line of the batch (SEPA id rules, see assertSepaId). */
  readonly instructionId: string;
  /** EndToEndId: the statement reference; returned unchanged in the bank's pain.002 and camt.054. */
  readonly endToEndId: string;
  /** EUR only, 0.01 to 999,999,999.99. */
  readonly amount: Money<string>;
  readonly creditor: SepaAccountHolder;
  /** The text the creditor sees on their statement (Ustrd), at most 140 characters after transliteration. */
  readonly remittance: string;
}

export interface CreditTransferBatch {
  /** MsgId: unique per file for the debtor's bank (it refuses a repeated one). */
  readonly messageId: string;
  /** CreDtTm. */
  readonly createdAt: Date;
  /** PmtInfId. */
  readonly paymentInformationId: string;
  /** ReqdExctnDt/Dt as YYYY-MM-DD. */
  readonly executionDate: string;
  /** Scrip's own account, paying. Also the initiating party. */
  readonly debtor: SepaAccountHolder;
  readonly transfers: readonly CreditTransfer[];
}

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

function isoDate(text: string): string {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw invalid(`The execution date "${text.slice(0, 20)}" is not a date written as YYYY-MM-DD.`);
  }
  return text;
}

function isoDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw invalid("The file's creation time is not a valid time.");
  return `${date.toISOString().slice(0, 19)}Z`;
}

function holderName(name: string, who: string): string {
  const text = toSepaText(name, 70);
  if (text === "")
    throw invalid(`The name of ${who} has no Latin letters or digits to write into a bank file.`);
  return text;
}

function agent(bic: Bic | undefined): XmlElement {
  // Without a BIC, the EPC guidelines ask for the literal "NOTPROVIDED" (the IBAN-only rule inside SEPA).
  return element(
    "FinInstnId",
    bic ? [element("BICFI", bic)] : [element("Othr", [element("Id", "NOTPROVIDED")])],
  );
}

function amountOf(transfer: CreditTransfer, position: number): bigint {
  const { amount } = transfer;
  if (amount.currency !== "EUR") {
    throw invalid(`Transfer ${position} is in ${amount.currency}; a SEPA file pays euros only.`);
  }
  if (amount.amountMinor < 1n || amount.amountMinor > maxTransferMinor) {
    throw invalid(`Transfer ${position} must be between €0.01 and €999,999,999.99.`);
  }
  return amount.amountMinor;
}

function transferElement(transfer: CreditTransfer, position: number): XmlElement {
  const who = `the payee of transfer ${position}`;
  const iban = parseIban(transfer.creditor.iban);
  const bic = parseBic(transfer.creditor.bic);
  const remittance = toSepaText(transfer.remittance, 140);
  return element("CdtTrfTxInf", [
    element("PmtId", [
      element("InstrId", assertSepaId(transfer.instructionId, `instruction id of transfer ${position}`)),
      element(
        "EndToEndId",
        assertSepaId(transfer.endToEndId, `end-to-end reference of transfer ${position}`),
      ),
    ]),
    element("Amt", [element("InstdAmt", toDecimalString(transfer.amount), { Ccy: "EUR" })]),
    bic && element("CdtrAgt", [agent(bic)]),
    element("Cdtr", [element("Nm", holderName(transfer.creditor.name, who))]),
    element("CdtrAcct", [element("Id", [element("IBAN", iban)])]),
    remittance !== "" && element("RmtInf", [element("Ustrd", remittance)]),
  ]);
}

/**
 * The pain.001.001.09 document for `batch`, as UTF-8 text: NbOfTxs and CtrlSum computed from the transfers
 * (exact bigint sums), names and texts transliterated into the SEPA character set and XML-escaped, every IBAN
 * and BIC validated. Throws VALIDATION_FAILED naming the transfer at fault; writes nothing partial.
 */
export function buildPain001(batch: CreditTransferBatch): string {
  const count = batch.transfers.length;
  if (count === 0) throw invalid("A payment file needs at least one transfer.");
  if (count > maxCreditTransfers) {
    throw invalid(`A payment file can carry at most ${maxCreditTransfers} transfers; split the batch.`);
  }
  const endToEndIds = new Set<string>();
  let total = 0n;
  batch.transfers.forEach((transfer, index) => {
    total += amountOf(transfer, index + 1);
    if (endToEndIds.has(transfer.endToEndId)) {
      throw invalid(`Transfer ${index + 1} repeats the end-to-end reference of an earlier transfer.`);
    }
    endToEndIds.add(transfer.endToEndId);
  });
  const controlSum = toDecimalString({ amountMinor: total, currency: "EUR" });
  const debtorName = holderName(batch.debtor.name, "Scrip's account holder");
  const debtorIban = parseIban(batch.debtor.iban);
  const debtorBic = parseBic(batch.debtor.bic);

  const document = element(
    "Document",
    [
      element("CstmrCdtTrfInitn", [
        element("GrpHdr", [
          element("MsgId", assertSepaId(batch.messageId, "message id")),
          element("CreDtTm", isoDateTime(batch.createdAt)),
          element("NbOfTxs", String(count)),
          element("CtrlSum", controlSum),
          element("InitgPty", [element("Nm", debtorName)]),
        ]),
        element("PmtInf", [
          element("PmtInfId", assertSepaId(batch.paymentInformationId, "payment information id")),
          element("PmtMtd", "TRF"),
          element("BtchBookg", "true"),
          element("NbOfTxs", String(count)),
          element("CtrlSum", controlSum),
          element("PmtTpInf", [element("SvcLvl", [element("Cd", "SEPA")])]),
          element("ReqdExctnDt", [element("Dt", isoDate(batch.executionDate))]),
          element("Dbtr", [element("Nm", debtorName)]),
          element("DbtrAcct", [element("Id", [element("IBAN", debtorIban)])]),
          element("DbtrAgt", [agent(debtorBic)]),
          element("ChrgBr", "SLEV"),
          ...batch.transfers.map((transfer, index) => transferElement(transfer, index + 1)),
        ]),
      ]),
    ],
    { xmlns: pain001Namespace },
  );
  return renderXmlDocument(document);
}
