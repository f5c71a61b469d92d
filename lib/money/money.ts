import { AppError } from "@/lib/errors";
import { type Currency, currencyExponent, toCurrency } from "./currencies";

/** An amount of money: bigint minor units (cents, yen, fils) and its currency. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: Currency;
}

/**
 * The largest amount Scrip handles: 18 decimal digits of minor units, comfortably inside PostgreSQL's bigint
 * (2^63 − 1 ≈ 9.22 × 10^18), so sums of a few such amounts cannot overflow either.
 */
export const maxAmountMinor = 999_999_999_999_999_999n;

const invalid = (message: string) => new AppError("INVALID_AMOUNT", message);

/**
 * Validates a positive amount of minor units given as a bigint or a plain decimal string of digits
 * ("1250"); refuses zero, negatives, floats, exponents and anything above `maxAmountMinor`.
 */
export function toAmountMinor(value: unknown): bigint {
  let amount: bigint;
  if (typeof value === "bigint") {
    amount = value;
  } else if (typeof value === "string" && /^[0-9]{1,18}$/.test(value)) {
    amount = BigInt(value);
  } else if (typeof value === "number" && Number.isSafeInteger(value)) {
    amount = BigInt(value);
  } else {
    throw invalid("The amount must be a whole number of minor units.");
  }
  if (amount <= 0n) throw invalid("The amount must be greater than zero.");
  if (amount > maxAmountMinor) throw invalid("The amount is too large.");
  return amount;
}

/** Builds a Money from minor units, validating both the amount (positive, bounded) and the currency. */
export function money(amountMinor: unknown, currency: unknown): Money {
  return { amountMinor: toAmountMinor(amountMinor), currency: toCurrency(currency) };
}

/**
 * Parses what a person typed ("12.50", "12", "0.5") into exact minor units of `currency`, without floats.
 * Refuses signs, exponents, whitespace, grouping separators, more decimals than the currency has ("0.001"
 * JPY), zero and amounts above `maxAmountMinor`.
 */
export function parseMoney(input: unknown, currencyCode: unknown): Money {
  const currency = toCurrency(currencyCode);
  if (typeof input !== "string" || input.length > 40) throw invalid("Enter an amount such as 12.50.");
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(input);
  if (!match) throw invalid("Enter an amount such as 12.50.");
  const whole = match[1] as string;
  const fraction = match[2] ?? "";
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    throw invalid(
      exponent === 0
        ? `${currency} has no minor unit; enter a whole amount.`
        : `${currency} allows at most ${exponent} decimals.`,
    );
  }
  const digits = `${whole}${fraction.padEnd(exponent, "0")}`.replace(/^0+(?=[0-9])/, "");
  if (digits.length > 18) throw invalid("The amount is too large.");
  return { amountMinor: toAmountMinor(BigInt(digits)), currency };
}

/** Converts a whole number of major units (e.g. 200 EUR) into minor units of `currency`. */
export function majorToMinor(major: bigint, currency: Currency): bigint {
  return major * 10n ** BigInt(currencyExponent(currency));
}

/** Adds amounts of one currency; refuses mixed currencies (CURRENCY_MISMATCH) and overflow past the maximum. */
export function addMoney(...amounts: Money[]): Money {
  const first = amounts[0];
  if (!first) throw new Error("addMoney needs at least one amount");
  let total = 0n;
  for (const item of amounts) {
    if (item.currency !== first.currency) {
      throw new AppError("CURRENCY_MISMATCH", "Amounts in different currencies cannot be added.");
    }
    total += item.amountMinor;
  }
  if (total > maxAmountMinor) throw invalid("The total is too large.");
  return { amountMinor: total, currency: first.currency };
}

/** The exact decimal text of an amount ("12.50"), for display and export; never goes through a float. */
export function formatDecimal(value: Money): string {
  const exponent = currencyExponent(value.currency);
  if (exponent === 0) return value.amountMinor.toString();
  const text = value.amountMinor.toString().padStart(exponent + 1, "0");
  return `${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}
