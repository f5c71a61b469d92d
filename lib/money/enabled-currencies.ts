import { AppError } from "@/lib/errors";
import { type Currency, isCurrency } from "./currencies";

/** The currencies the demo issues in when `SCRIP_CURRENCIES` is unset. */
export const defaultEnabledCurrencies = "EUR";

let cached: { raw: string; currencies: readonly Currency[] } | undefined;

/**
 * The currencies this issuer operates in, from `SCRIP_CURRENCIES` (a comma list of ISO 4217 codes, default
 * `EUR`). Every credit limit is per currency, so each enabled currency widens what a party may owe: an operator
 * enables only the ones it settles. An unknown, repeated or empty entry is a configuration error, thrown loudly.
 */
export function getEnabledCurrencies(
  env: Record<string, string | undefined> = process.env,
): readonly Currency[] {
  const raw = env.SCRIP_CURRENCIES?.trim() || defaultEnabledCurrencies;
  if (cached?.raw === raw) return cached.currencies;
  const currencies: Currency[] = [];
  for (const entry of raw.split(",").map((part) => part.trim())) {
    if (!isCurrency(entry)) {
      throw new Error(`SCRIP_CURRENCIES: "${entry}" is not a supported ISO 4217 code; use e.g. "EUR,USD"`);
    }
    if (currencies.includes(entry)) throw new Error(`SCRIP_CURRENCIES: "${entry}" is listed twice`);
    currencies.push(entry);
  }
  cached = { raw, currencies: Object.freeze(currencies) };
  return cached.currencies;
}

/** True when `code` is one of the enabled currencies. */
export function isEnabledCurrency(code: unknown): code is Currency {
  return typeof code === "string" && getEnabledCurrencies().includes(code as Currency);
}

/** Returns `code` as an enabled Currency, or throws INVALID_CURRENCY (400) for any other value. */
export function toEnabledCurrency(code: unknown): Currency {
  if (!isEnabledCurrency(code)) {
    throw new AppError("INVALID_CURRENCY", "Scrip does not work in this currency.");
  }
  return code;
}
