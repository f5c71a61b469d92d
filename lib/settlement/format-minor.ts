import { currencyExponents } from "@/lib/money/currencies";

/** The exact decimal text of signed minor units ("-12.50") for exports; never goes through a float. */
export function formatMinor(amountMinor: bigint, currency: string): string {
  const exponent = currencyExponents[currency] ?? 2;
  const negative = amountMinor < 0n;
  const text = (negative ? -amountMinor : amountMinor).toString();
  if (exponent === 0) return `${negative ? "-" : ""}${text}`;
  const padded = text.padStart(exponent + 1, "0");
  return `${negative ? "-" : ""}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}
