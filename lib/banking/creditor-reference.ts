import { AppError } from "@/lib/errors";

/**
 * ISO 11649 structured creditor references ("RF18 5390 0754 7034"): "RF", two check digits, and 1–21 letters or
 * digits chosen by the creditor. Payers type it into the reference field; the check digits catch typing mistakes
 * before the money leaves their bank, and the bank statement (camt.053) carries it back unchanged.
 */
export type CreditorReference = string & { readonly __creditorReference: unique symbol };

const maxReferenceBody = 21;
const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

/** The remainder modulo 97 of `text` with letters replaced by numbers (A = 10 … Z = 35), as in IBANs. */
function mod97(text: string): number {
  let remainder = 0;
  for (const character of text) {
    const value = Number.parseInt(character, 36);
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/**
 * The creditor reference of an invoice number ("INV-2026-000123" → "RF…INV2026000123"): letters and digits kept,
 * upper-cased, everything else dropped, then "RF" and the check digits in front. Refuses numbers that leave no
 * letters or digits, or more than 21 of them.
 */
export function creditorReferenceOf(invoiceNumber: string): CreditorReference {
  const body = invoiceNumber.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (body === "") throw invalid("An invoice number needs letters or digits to make a payment reference.");
  if (body.length > maxReferenceBody) {
    throw invalid(
      `An invoice number can have at most ${maxReferenceBody} letters and digits for a payment reference.`,
    );
  }
  const check = 98 - mod97(`${body}RF00`);
  return `RF${check.toString().padStart(2, "0")}${body}` as CreditorReference;
}

/** True when `text` (upper case, no spaces) is "RF", two check digits and 1–21 letters or digits that check out. */
export function isCreditorReference(text: string): text is CreditorReference {
  return /^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(text) && mod97(`${text.slice(4)}${text.slice(0, 4)}`) === 1;
}

/**
 * Reads a creditor reference as printed or typed ("rf18 5390 0754 7034"): spaces and case do not matter.
 * Refuses anything else, including a reference whose check digits do not match.
 */
export function parseCreditorReference(input: unknown): CreditorReference {
  if (typeof input !== "string" || input.length > 64)
    throw invalid("Enter a payment reference starting with RF.");
  const text = input.replace(/\s+/g, "").toUpperCase();
  if (!/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(text)) {
    throw invalid("A payment reference starts with RF, two digits, then up to 21 letters or digits.");
  }
  if (!isCreditorReference(text)) {
    throw invalid("This payment reference has a typing mistake: its check digits do not match.");
  }
  return text;
}

/** The reference in groups of four for printing ("RF18 5390 0754 7034"); banks ignore the spaces. */
export function formatCreditorReference(reference: CreditorReference): string {
  return reference.replace(/(.{4})(?=.)/g, "$1 ");
}
