/** Formats minor units for display with the currency's own number of decimals (only at the edge). */
export function formatMoney(amountMinor: bigint, currency: string, locale = "en"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const fraction = abs % scale;
  // Intl accepts a decimal string exactly, so no float ever touches the amount.
  const decimal = `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction.toString().padStart(digits, "0")}` : ""}`;
  return format.format(decimal as unknown as number);
}
