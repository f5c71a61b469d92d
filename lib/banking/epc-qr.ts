import { AppError } from "@/lib/errors";
import type { Money } from "@/lib/money/money";
import { toDecimalString } from "@/lib/money/money";
import { type CreditorReference, isCreditorReference } from "./creditor-reference";
import { type Bic, type Iban, parseBic, parseIban } from "./iban";
import { toSepaText } from "./sepa-text";

/**
 * The payload of an EPC QR code ("GiroCode", EPC069-12 "Quick Response Code: guidelines to enable data capture for
 * the initiation of a SEPA credit transfer"), version 002: the lines a banking app reads to prefill a transfer.
 * Lines, separated by LF: BCD · 002 · 1 (UTF-8) · SCT · BIC (optional in 002) · beneficiary name (≤ 70) · IBAN ·
 * "EUR" + amount (0.01–999999999.99) · purpose (empty) · structured reference (RF, ≤ 35) · unstructured text
 * (≤ 140) · information to the payer (≤ 70). A reference and a text are mutually exclusive; trailing empty
 * lines are left out, and the whole payload is at most 331 bytes.
 */
export interface EpcQrInput {
  readonly beneficiary: { readonly name: string; readonly iban: Iban | string; readonly bic?: Bic | string };
  /** In EUR, 0.01 to 999,999,999.99. */
  readonly amount: Money<string>;
  /** The invoice's structured creditor reference (preferred: statements carry it back for matching)… */
  readonly reference?: CreditorReference;
  /** …or, instead of it, free text for the payee (≤ 140 characters after transliteration). */
  readonly text?: string;
  /** A note the payer's app may show (≤ 70 characters), such as "Invoice 2026-0042, due 12 Dec 2026". */
  readonly information?: string;
}

export const epcQrMaxBytes = 331;
const minAmountMinor = 1n;
const maxAmountMinor = 99_999_999_999n;

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

/** The text of an EPC QR code for `input`, validated; render it with any QR encoder at error correction level M. */
export function epcQrPayload(input: EpcQrInput): string {
  const iban = parseIban(input.beneficiary.iban);
  const bic = parseBic(input.beneficiary.bic) ?? "";
  const name = toSepaText(input.beneficiary.name, 70);
  if (name === "") throw invalid("The QR code needs the payee's name in Latin letters.");

  const { amount } = input;
  if (amount.currency !== "EUR") throw invalid("A payment QR code can only ask for euros.");
  if (amount.amountMinor < minAmountMinor || amount.amountMinor > maxAmountMinor) {
    throw invalid("A payment QR code asks for between €0.01 and €999,999,999.99.");
  }

  if (input.reference !== undefined && input.text !== undefined) {
    throw invalid("A payment QR code carries either a payment reference or a text, not both.");
  }
  if (input.reference === undefined && input.text === undefined) {
    throw invalid("A payment QR code needs a payment reference or a text, so the payment can be matched.");
  }
  if (input.reference !== undefined && !isCreditorReference(input.reference)) {
    throw invalid("The payment reference of a QR code must be a valid RF creditor reference.");
  }
  const text = input.text === undefined ? "" : toSepaText(input.text, 140);
  if (input.text !== undefined && text === "")
    throw invalid("The payment text needs Latin letters or digits.");
  const information = toSepaText(input.information ?? "", 70);

  const lines = [
    "BCD",
    "002",
    "1",
    "SCT",
    bic,
    name,
    iban,
    `EUR${toDecimalString(amount)}`,
    "",
    input.reference ?? "",
    text,
    information,
  ];
  while (lines.at(-1) === "") lines.pop();
  const payload = lines.join("\n");
  if (new TextEncoder().encode(payload).length > epcQrMaxBytes) {
    throw invalid("The payment details are too long for a payment QR code; shorten the text.");
  }
  return payload;
}
