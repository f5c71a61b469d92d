import { AppError } from "@/lib/errors";

/**
 * ISO 4217 currencies Scrip accepts, with their exponent (digits after the decimal point). Unknown codes are
 * refused rather than guessed, so an amount's scale is never ambiguous.
 */
export const currencyExponents: Readonly<Record<string, number>> = Object.freeze({
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  ZAR: 2,
});

export type Currency = string & { readonly __currency: unique symbol };

/** True when `code` is a supported ISO 4217 code (upper case, exactly as listed). */
export function isCurrency(code: unknown): code is Currency {
  return typeof code === "string" && Object.hasOwn(currencyExponents, code);
}

/** Returns `code` as a Currency or throws INVALID_CURRENCY. */
export function toCurrency(code: unknown): Currency {
  if (!isCurrency(code)) {
    throw new AppError("INVALID_CURRENCY", "This currency is not supported.");
  }
  return code;
}

/** Digits after the decimal point for `currency` (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(currency: Currency): number {
  return currencyExponents[currency] as number;
}
