import { AppError } from "@/lib/errors";
import { type Currency, currencyExponent, toCurrency } from "./currencies";

/**
 * An amount of money: bigint minor units (cents, yen, fils) and its currency. `C` is `Currency` once the code is
 * checked; read models straight from the database carry a plain `string` code (`Money<string>`), which the
 * formatters check before use.
 */
export interface Money<C extends string = Currency> {
  readonly amountMinor: bigint;
  readonly currency: C;
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
    throw invalid(
      "The amount must be a whole number in the currency's smallest unit, such as 1250 for 12.50.",
    );
  }
  if (amount <= 0n) throw invalid("The amount must be greater than zero.");
  if (amount > maxAmountMinor) throw invalid("The amount is too large.");
  return amount;
}

/** Builds a Money from minor units, validating both the amount (positive, bounded) and the currency. */
export function money(amountMinor: unknown, currency: unknown): Money {
  return { amountMinor: toAmountMinor(amountMinor), currency: toCurrency(currency) };
}

/** The Money of any signed amount (a balance, a difference, zero) in a supported currency, for display. */
export function moneyOf(amountMinor: bigint, currency: string): Money {
  return { amountMinor, currency: toCurrency(currency) };
}

/**
 * The exact decimal text of a signed amount with the currency's own number of decimals ("12.50", "-0.05",
 * "1500" for JPY): the ONE machine format, for CSV exports and for refilling a form field the parser reads back.
 * Never goes through a float.
 */
export function toDecimalString(value: Money<string>): string {
  const exponent = currencyExponent(toCurrency(value.currency));
  const negative = value.amountMinor < 0n;
  const digits = (negative ? -value.amountMinor : value.amountMinor).toString();
  const sign = negative ? "-" : "";
  if (exponent === 0) return `${sign}${digits}`;
  const padded = digits.padStart(exponent + 1, "0");
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * The ONE formatter for amounts a person reads ("€12.50", "¥1,250", "-$0.05"): the locale's currency format with
 * the currency's own number of decimals. Exact for any bigint: Intl reads the decimal string, never a float.
 */
export function formatMoney(value: Money<string>, locale = "en"): string {
  const currency = toCurrency(value.currency);
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    const exponent = currencyExponent(currency);
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formats.set(key, format);
  }
  return format.format(toDecimalString(value) as Intl.StringNumericLiteral);
}

/** An example of a typed amount in `currency` ("12.50", "1250", "12.500"), for messages. */
function exampleOf(currency: Currency): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? "1250" : `12.${"5".padEnd(exponent, "0")}`;
}

/**
 * The ONE parser of amounts a person typed ("12.50", "12", "0.5") into exact Money of `currency`, without floats.
 * Refuses, each with a plain message: text that is not a number (signs, exponents, whitespace, grouping
 * separators), negatives, more decimals than the currency has ("0.001" JPY), zero (unless `allowZero`, for a
 * limit that blocks), and amounts above `maxAmountMinor`.
 */
export function parseMoney(
  input: unknown,
  currencyCode: unknown,
  { allowZero = false }: { allowZero?: boolean } = {},
): Money {
  const currency = toCurrency(currencyCode);
  const notANumber = () => invalid(`Enter an amount such as ${exampleOf(currency)}.`);
  if (typeof input !== "string" || input.length > 40) throw notANumber();
  if (/^-[0-9.]+$/.test(input)) throw invalid("The amount cannot be negative.");
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(input);
  if (!match) throw notANumber();
  const whole = match[1] as string;
  const fraction = match[2] ?? "";
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    throw invalid(
      exponent === 0
        ? `${currency} has no decimals; enter a whole amount.`
        : `${currency} allows at most ${exponent} decimals.`,
    );
  }
  const digits = `${whole}${fraction.padEnd(exponent, "0")}`.replace(/^0+(?=[0-9])/, "");
  const tooLarge = () =>
    invalid(`The amount is too large: at most ${formatMoney({ amountMinor: maxAmountMinor, currency })}.`);
  if (digits.length > 18) throw tooLarge();
  const amountMinor = BigInt(digits);
  if (amountMinor === 0n && !allowZero) throw invalid("The amount must be greater than zero.");
  if (amountMinor > maxAmountMinor) throw tooLarge();
  return { amountMinor, currency };
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
