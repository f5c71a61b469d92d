import { type IbanShape, ibanShapeOf, maskedIban, maskIban, parsePayoutAccount } from "@/lib/banking/iban";

export { countryName } from "@/lib/banking/iban";
export { type IbanShape, ibanShapeOf, maskedIban, maskIban };

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

/**
 * Checks a payout account as typed with the banking rules of lib/banking/iban.ts (the country's length and
 * layout, check digits, national checksums, SEPA countries only; a BIC of the IBAN's country; a holder name of 1–70
 * characters with a Latin form) and returns it normalised, or throws VALIDATION_FAILED naming what is wrong.
 */
export function parsePayoutAccountInput(input: PayoutAccountInput): PayoutAccount {
  const account = parsePayoutAccount(input);
  return {
    iban: account.iban,
    country: account.iban.slice(0, 2),
    bic: account.bic ?? null,
    holderName: account.holderName,
  };
}
