import { toCurrency } from "@/lib/money/currencies";
import { parseCurrencyTable } from "@/lib/money/currency-table";

/** Hours after a recovery during which outflows need the recovered passkey and are capped. */
export const recoveryWindowHours = 24;

const zeroExponentDefaults = "JPY=15000,KRW=150000,CLP=100000,ISK=15000,UGX=400000,VND=2500000";

/**
 * The most value (per currency) that may leave a wallet in the 24 hours after a recovery, from
 * `SCRIP_RECOVERY_OUTFLOW_LIMIT`: whole major units, a default for every currency plus `CUR=n` overrides,
 * like `SCRIP_COUPON_MAXIMUM` (default "100,JPY=15000,…"). `0` forbids every outflow in the window.
 */
export function recoveryOutflowLimitMinor(
  currency: string,
  env: Record<string, string | undefined> = process.env,
): bigint {
  const text = env.SCRIP_RECOVERY_OUTFLOW_LIMIT ?? `100,${zeroExponentDefaults}`;
  const limit = parseCurrencyTable(text, {
    name: "SCRIP_RECOVERY_OUTFLOW_LIMIT",
    unit: "major",
    example: "100,JPY=15000",
  });
  return limit(toCurrency(currency));
}
