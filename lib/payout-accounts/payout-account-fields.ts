import { plainText } from "@/lib/validation/text";

/**
 * The payout account fields of the server actions: bounded plain text only; parsePayoutAccountInput then
 * checks them and names what is wrong.
 */
export const payoutAccountFields = {
  iban: plainText("an IBAN").max(100),
  holderName: plainText("the account holder's name").max(200),
  bic: plainText("a BIC").max(100).optional(),
};
