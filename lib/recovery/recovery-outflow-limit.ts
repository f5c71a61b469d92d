import { type Currency, toCurrency } from "@/lib/money/currencies";
import { majorToMinor } from "@/lib/money/money";

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
  const table = new Map<string, bigint>();
  let fallback: bigint | undefined;
  for (const entry of text.split(",").map((part) => part.trim())) {
    const match = /^(?:([A-Z]{3})=)?([0-9]{1,15})$/.exec(entry);
    if (!match)
      throw new Error(`SCRIP_RECOVERY_OUTFLOW_LIMIT: cannot read "${entry}"; use e.g. "100,JPY=15000"`);
    const amount = BigInt(match[2] as string);
    if (match[1]) table.set(toCurrency(match[1]), amount);
    else fallback = amount;
  }
  if (fallback === undefined)
    throw new Error('SCRIP_RECOVERY_OUTFLOW_LIMIT: give a default, e.g. "100,JPY=15000"');
  const code: Currency = toCurrency(currency);
  return majorToMinor(table.get(code) ?? fallback, code);
}
