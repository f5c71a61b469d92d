import { type Currency, toCurrency } from "./currencies";
import { majorToMinor } from "./money";

/**
 * Reads a per-currency amount setting: a bare number is the default for every currency, `CUR=n` overrides one
 * currency, e.g. `200,JPY=30000`. `unit` says whether the numbers are whole major units (converted with the
 * currency's exponent) or minor units. Throws, naming the setting and showing `example`, on anything else.
 */
export function parseCurrencyTable(
  text: string,
  setting: { name: string; unit: "major" | "minor"; example: string },
): (currency: Currency) => bigint {
  const digitsMax = setting.unit === "major" ? 15 : 18;
  const pattern = new RegExp(`^(?:([A-Z]{3})=)?([0-9]{1,${digitsMax}})$`);
  const table = new Map<string, bigint>();
  let fallback: bigint | undefined;
  for (const entry of text.split(",").map((part) => part.trim())) {
    const match = pattern.exec(entry);
    if (!match) throw new Error(`${setting.name}: cannot read "${entry}"; use e.g. "${setting.example}"`);
    const amount = BigInt(match[2] as string);
    if (match[1]) table.set(toCurrency(match[1]), amount);
    else fallback = amount;
  }
  if (fallback === undefined) {
    throw new Error(`${setting.name}: give a default amount, e.g. "${setting.example}"`);
  }
  const defaultAmount = fallback;
  return (currency) => {
    const amount = table.get(currency) ?? defaultAmount;
    return setting.unit === "major" ? majorToMinor(amount, currency) : amount;
  };
}
