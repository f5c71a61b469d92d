import { formatMoney, moneyOf } from "@/lib/money/money";

/** An amount for people (formatMoney), with tabular digits so columns line up. */
export function Money({
  amountMinor,
  currency,
  className,
}: {
  amountMinor: bigint;
  currency: string;
  className?: string;
}) {
  return (
    <span className={`tabular-nums ${className ?? ""}`}>{formatMoney(moneyOf(amountMinor, currency))}</span>
  );
}
