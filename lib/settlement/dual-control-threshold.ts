import { type Currency, toCurrency } from "@/lib/money/currencies";
import { parseCurrencyTable } from "@/lib/money/currency-table";

/** Default: a settlement moving more than 10 000.00 (1 000 000 minor units) in one currency needs two admins. */
export const defaultDualControlMinor = "1000000";

/**
 * SCRIP_DUAL_CONTROL_MINOR: the most one admin may settle alone in one call, per currency, in MINOR units: a
 * bare number for every currency plus `CUR=n` overrides, e.g. `100000,JPY=10000000` (1 000.00 EUR, ¥10 000 000).
 * A batch whose open statements total more than this in any currency waits for a second admin.
 */
export function getDualControlThreshold(
  env: Record<string, string | undefined> = process.env,
): (currency: Currency) => bigint {
  const text = env.SCRIP_DUAL_CONTROL_MINOR?.trim() || defaultDualControlMinor;
  return parseCurrencyTable(text, {
    name: "SCRIP_DUAL_CONTROL_MINOR",
    unit: "minor",
    example: "100000,JPY=10000000",
  });
}

/** The currencies (with their totals) in which these statements add up to more than one admin may settle. */
export function totalsOverThreshold(
  rows: readonly { currency: string; amountMinor: bigint }[],
  threshold: (currency: Currency) => bigint = getDualControlThreshold(),
): { currency: string; amountMinor: bigint }[] {
  const totals = new Map<string, bigint>();
  for (const row of rows) totals.set(row.currency, (totals.get(row.currency) ?? 0n) + row.amountMinor);
  return [...totals]
    .filter(([currency, total]) => total > threshold(toCurrency(currency)))
    .map(([currency, amountMinor]) => ({ currency, amountMinor }));
}
