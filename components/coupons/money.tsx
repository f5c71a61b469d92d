import { formatMoney } from "@/lib/format-money";

/** An amount in its currency's minor unit, with tabular digits so columns line up. */
export function Money({
  amountMinor,
  currency,
  className,
}: {
  amountMinor: bigint;
  currency: string;
  className?: string;
}) {
  return <span className={`tabular-nums ${className ?? ""}`}>{formatMoney(amountMinor, currency)}</span>;
}
