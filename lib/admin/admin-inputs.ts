import { z } from "zod";
import { parseMoney } from "@/lib/money/money";
import { adminReasonLengthMax } from "@/lib/parties/reason";
import { plainText } from "@/lib/validation/text";

/** Inputs the back-office actions share, with their limits. */
export const adminId = plainText("an id").min(1).max(80);
export const adminReason = plainText("a reason", { multiline: true })
  .min(3, "Give a reason (at least 3 characters).")
  .max(adminReasonLengthMax, `A reason has at most ${adminReasonLengthMax} characters.`);
export const keyPurpose = z.enum(["value", "owner_attestation"]);
/** A credit limit as typed: empty for the default, else a whole number or a decimal amount. */
export const creditLimitText = plainText("a credit limit")
  .max(24)
  .regex(
    /^([0-9]{1,18}(\.[0-9]{1,3})?)?$/,
    "Enter the limit as an amount such as 2500.00 (or leave it empty).",
  );

/**
 * A typed credit limit as minor units of `currency` (a decimal string), "0" for a zero limit, or null for the
 * default; refuses anything else (through parseMoney) with INVALID_AMOUNT / INVALID_CURRENCY.
 */
export function creditLimitMinorOf(text: string, currency: string): string | null {
  if (text === "") return null;
  return parseMoney(text, currency, { allowZero: true }).amountMinor.toString();
}
