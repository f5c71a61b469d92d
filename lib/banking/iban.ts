import {
  electronicFormatIBAN,
  friendlyFormatIBAN,
  getCountrySpecifications,
  isSEPACountry,
  isValidBIC,
  ValidationErrorsIBAN,
  validateIBAN,
} from "ibantools";
import { AppError } from "@/lib/errors";
import { untransliterableCharacters } from "./sepa-text";

/** An IBAN in electronic format (upper case, no spaces) whose country rules and check digits passed. */
export type Iban = string & { readonly __iban: unique symbol };
/** A BIC (8 or 11 characters, upper case) with a valid format and country. */
export type Bic = string & { readonly __bic: unique symbol };

/** The longest IBAN any country uses is 34 characters; longer input is refused before any other check. */
const maxIbanInput = 64;
export const maxHolderNameLength = 70;

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

/** "DE" → "Germany" (the code itself when the runtime does not know it). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Why `iban` (already upper case without spaces) is not valid, as a sentence a person can act on. */
function reasonOf(iban: string, errors: readonly ValidationErrorsIBAN[]): string {
  const country = iban.slice(0, 2);
  const place = countryName(country);
  const spec = getCountrySpecifications()[country];
  if (errors.includes(ValidationErrorsIBAN.NoIBANCountry) || !spec?.chars) {
    return /^[A-Z]{2}/.test(iban)
      ? `${country} is not a country code that uses IBANs. Check the first two letters.`
      : "An IBAN starts with a two-letter country code, such as DE or FR.";
  }
  if (errors.includes(ValidationErrorsIBAN.ChecksumNotNumber)) {
    return "The two characters after the country code of an IBAN are digits.";
  }
  if (errors.includes(ValidationErrorsIBAN.WrongBBANLength)) {
    return `An IBAN from ${place} has ${spec.chars} characters; this one has ${iban.length}. Check it for a missing or extra character.`;
  }
  if (errors.includes(ValidationErrorsIBAN.WrongBBANFormat)) {
    return `This is not the layout of an IBAN from ${place}. Check for a mistyped letter or digit.`;
  }
  if (errors.includes(ValidationErrorsIBAN.QRIBANNotAllowed)) {
    return "This is a QR-IBAN, which only receives QR-bill payments. Enter the account's ordinary IBAN.";
  }
  return "This IBAN has a typing mistake: its check digits do not match. Copy it again from a bank statement.";
}

/**
 * Reads an IBAN as a person types or pastes it ("de89 3704 0044 0532 0130 00"): spaces and case do not matter.
 * Checks the country's length and layout, the check digits and (with ibantools) national bank checksums, refuses
 * Swiss QR-IBANs, and, unless `sepaOnly` is false, IBANs outside the SEPA area (Scrip pays out by SEPA transfer).
 */
export function parseIban(input: unknown, { sepaOnly = true }: { sepaOnly?: boolean } = {}): Iban {
  if (typeof input !== "string" || input.trim() === "") throw invalid("Enter an IBAN.");
  if (input.length > maxIbanInput) throw invalid("An IBAN has at most 34 letters and digits.");
  const iban = electronicFormatIBAN(input.replace(/[\s\u00a0\u202f-]+/g, "").toUpperCase()) ?? "";
  if (!/^[A-Z0-9]+$/.test(iban)) throw invalid("An IBAN contains only letters and digits.");
  const result = validateIBAN(iban, { allowQRIBAN: false });
  if (!result.valid) throw invalid(reasonOf(iban, result.errorCodes));
  if (sepaOnly && !isSEPACountry(iban.slice(0, 2))) {
    throw invalid(
      `Scrip pays out by SEPA transfer, and ${iban.slice(0, 2)} is outside the SEPA area. Enter an IBAN from a SEPA country.`,
    );
  }
  return iban as Iban;
}

/** True when `input` would pass {@link parseIban} (SEPA only). */
export function isIban(input: unknown): input is Iban {
  try {
    parseIban(input);
    return true;
  } catch {
    return false;
  }
}

/** The IBAN in groups of four for reading ("DE89 3704 0044 0532 0130 00"). */
export function formatIban(iban: Iban): string {
  return friendlyFormatIBAN(iban) ?? iban;
}

/** What is kept in clear to show an IBAN masked without decrypting it: its country, length and last four. */
export interface IbanShape {
  country: string;
  length: number;
  last4: string;
}

export const ibanShapeOf = (iban: string): IbanShape => ({
  country: iban.slice(0, 2),
  length: iban.length,
  last4: iban.slice(-4),
});

/**
 * An IBAN as shown once saved: the country, then every character hidden except the last four, in groups of four
 * so its length shows ("DE•• •••• •••• •••• ••30 00"). The country says which bank system, the last four tell two
 * accounts apart, and nothing else is disclosed.
 */
export function maskedIban(shape: IbanShape): string {
  const hidden = Math.max(shape.length - 2 - shape.last4.length, 0);
  const text = `${shape.country}${"•".repeat(hidden)}${shape.last4}`;
  return text.match(/.{1,4}/gu)?.join(" ") ?? text;
}

/** {@link maskedIban} of a whole IBAN (as typed or in electronic format). */
export const maskIban = (iban: string): string => maskedIban(ibanShapeOf(electronicFormatIBAN(iban) ?? iban));

/**
 * Reads an optional BIC ("cobadeffxxx", "COBA DE FF"): blank means none. Refuses anything that is not 8 or 11
 * letters and digits with a known country in positions 5–6.
 */
export function parseBic(input: unknown): Bic | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== "string" || input.length > 32) throw invalid("A BIC has 8 or 11 letters and digits.");
  const bic = input.replace(/\s+/g, "").toUpperCase();
  if (bic === "") return undefined;
  if (!/^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(bic)) throw invalid("A BIC has 8 or 11 letters and digits.");
  if (!isValidBIC(bic)) {
    throw invalid(
      "This BIC is not valid: letters 5 and 6 must be the bank's country code. Check it with the bank.",
    );
  }
  return bic as Bic;
}

/** Refuses a BIC of a bank in another country than the IBAN's (a mix-up of two accounts). */
export function assertBicMatchesIban(bic: Bic, iban: Iban): void {
  const bicCountry = bic.slice(4, 6);
  const ibanCountry = iban.slice(0, 2);
  if (bicCountry !== ibanCountry) {
    throw invalid(
      `This BIC is of a bank in ${countryName(bicCountry)}, but the IBAN is from ${countryName(ibanCountry)}. Check both, or leave the BIC empty.`,
    );
  }
}

/**
 * Reads the account holder's name as it appears at the bank: trimmed, inner spaces collapsed, 1–70 characters,
 * and only characters that have a Latin form in the SEPA character set (accents are fine: "Zoë Müller" is written
 * "Zoe Muller" into bank files); other scripts, symbols and control characters are refused.
 */
export function parseHolderName(input: unknown): string {
  if (typeof input !== "string") throw invalid("Enter the account holder's name.");
  const name = input.replace(/\s+/g, " ").trim();
  if (name === "") throw invalid("Enter the account holder's name.");
  if ([...name].length > maxHolderNameLength) {
    throw invalid(`The account holder's name can be at most ${maxHolderNameLength} characters.`);
  }
  const refused = untransliterableCharacters(name);
  if (refused.length > 0) {
    throw invalid(
      "Write the account holder's name in Latin letters, as the bank has it. Letters with accents, digits and " +
        "/ - ? : ( ) . , ' + & are fine.",
    );
  }
  if (!/[A-Za-z0-9]/.test(name.normalize("NFKD"))) throw invalid("Enter the account holder's name.");
  return name;
}

/** Where Scrip pays someone: a valid SEPA IBAN, the holder's name and an optional BIC. */
export interface PayoutAccount {
  readonly iban: Iban;
  readonly holderName: string;
  readonly bic?: Bic;
}

/**
 * Reads a payout account as typed (see {@link parseIban}, {@link parseBic} — of the IBAN's country —, and
 * {@link parseHolderName}), checked in the order the form shows them.
 */
export function parsePayoutAccount(input: {
  iban: unknown;
  holderName: unknown;
  bic?: unknown;
}): PayoutAccount {
  const iban = parseIban(input.iban);
  const bic = parseBic(input.bic);
  if (bic) assertBicMatchesIban(bic, iban);
  const holderName = parseHolderName(input.holderName);
  return bic ? { iban, holderName, bic } : { iban, holderName };
}
