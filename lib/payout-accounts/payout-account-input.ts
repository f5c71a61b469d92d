import {
  countrySpecs,
  electronicFormatIBAN,
  ValidationErrorsBIC,
  ValidationErrorsIBAN,
  validateBIC,
  validateIBAN,
} from "ibantools";
import { AppError } from "@/lib/errors";
import { nameText } from "@/lib/validation/text";

/** A payout account as people type it: IBAN (spaces, dashes and lower case allowed), holder, optional BIC. */
export interface PayoutAccountInput {
  iban: string;
  holderName: string;
  bic?: string | null;
}

/** A checked payout account: the IBAN in electronic format (no spaces, upper case), its country, BIC or null. */
export interface PayoutAccount {
  iban: string;
  country: string;
  bic: string | null;
  holderName: string;
}

/** Longest text accepted in any field before it is even looked at (an IBAN has at most 34 characters). */
const inputMax = 100;
/** SEPA credit transfers carry at most 70 characters of the creditor's name. */
export const holderNameMax = 70;

const refuse = (message: string): never => {
  throw new AppError("VALIDATION_FAILED", message);
};

/** "DE" → "Germany" (the code itself when the runtime does not know it). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

function parseIban(raw: string): { iban: string; country: string } {
  if (raw.length > inputMax)
    refuse("That is too long for an IBAN: an IBAN has at most 34 letters and digits.");
  const iban = electronicFormatIBAN(raw.replace(/\s+/g, "")) ?? "";
  if (iban === "") refuse("Enter the IBAN of the account Scrip should pay.");
  if (!/^[A-Z0-9]+$/.test(iban)) refuse("An IBAN has only letters and digits (spaces are fine).");
  const { errorCodes } = validateIBAN(iban);
  const country = iban.slice(0, 2);
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) {
    refuse("This IBAN does not start with the code of a country that uses IBANs, such as DE or FR.");
  }
  const expected = countrySpecs[country]?.chars;
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength) && expected) {
    refuse(
      `An IBAN from ${countryName(country)} has ${expected} characters; this one has ${iban.length}. Check it for a missing or extra character.`,
    );
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) {
    refuse(`This does not look like an IBAN from ${countryName(country)} — check it for a typo.`);
  }
  if (errorCodes.length > 0) refuse("This IBAN's check digits are wrong — check it for a typo.");
  return { iban, country };
}

function parseBic(raw: string | null | undefined, ibanCountry: string): string | null {
  if (raw == null) return null;
  if (raw.length > inputMax) refuse("That is too long for a BIC: a BIC has 8 or 11 letters and digits.");
  const bic = raw.replace(/\s+/g, "").toUpperCase();
  if (bic === "") return null;
  const { errorCodes } = validateBIC(bic);
  if (errorCodes.includes(ValidationErrorsBIC.WrongBICFormat) || !/^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(bic)) {
    refuse("This BIC is not well formed: a BIC has 8 or 11 letters and digits, such as DEUTDEFF.");
  }
  const bicCountry = bic.slice(4, 6);
  if (errorCodes.includes(ValidationErrorsBIC.NoBICCountry) || bicCountry !== ibanCountry) {
    refuse(
      `This BIC is of a bank in ${countryName(bicCountry)}, but the IBAN is from ${countryName(ibanCountry)}. Check both, or leave the BIC empty.`,
    );
  }
  return bic;
}

const holderSchema = nameText("the account holder's name");

function parseHolderName(raw: string): string {
  if (raw.length > inputMax * 2)
    refuse(`The account holder's name can have at most ${holderNameMax} characters.`);
  const parsed = holderSchema.safeParse(raw);
  if (!parsed.success) refuse(parsed.error.issues[0]?.message ?? "Check the account holder's name.");
  const name = (parsed.data ?? "").replace(/\s+/g, " ");
  if (name === "") refuse("Enter the account holder's name, as the bank knows it.");
  if ([...name].length > holderNameMax) {
    refuse(`The account holder's name can have at most ${holderNameMax} characters.`);
  }
  return name;
}

/**
 * Checks a payout account as typed (ibantools: the country's length and format, the check digits, national
 * checksums where known; the BIC's form and that it is of the IBAN's country; a holder name of 1–70 plain
 * characters) and returns it normalised, or throws VALIDATION_FAILED with a sentence naming what is wrong.
 */
export function parsePayoutAccountInput(input: PayoutAccountInput): PayoutAccount {
  const { iban, country } = parseIban(String(input.iban ?? ""));
  const bic = parseBic(input.bic, country);
  const holderName = parseHolderName(String(input.holderName ?? ""));
  return { iban, country, bic, holderName };
}

/** What is kept in clear to show an IBAN masked: its country, length and last four characters. */
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

/** An IBAN's shape masked, in groups of four: "DE•• •••• •••• •••• ••30 00" (country and last four only). */
export function maskedIban(shape: IbanShape): string {
  const hidden = Math.max(shape.length - 2 - shape.last4.length, 0);
  const text = `${shape.country}${"•".repeat(hidden)}${shape.last4}`;
  return text.match(/.{1,4}/gu)?.join(" ") ?? text;
}

/** An IBAN (electronic format) masked: only its country and last four characters show. */
export const maskIban = (iban: string): string => maskedIban(ibanShapeOf(electronicFormatIBAN(iban) ?? ""));
