import { formatMoney, type Money as MoneyValue } from "@/lib/money/money";

/** An amount for people (formatMoney), with tabular digits so columns line up. */
export function Money({ value, className }: { value: MoneyValue<string>; className?: string }) {
  return <span className={`tabular-nums ${className ?? ""}`}>{formatMoney(value)}</span>;
}
