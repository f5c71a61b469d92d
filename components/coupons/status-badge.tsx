import { couponStatusLabels } from "@/lib/coupon-display/labels";

const tones = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/30",
  stone: "bg-stone-100 text-stone-700 ring-stone-500/30",
  red: "bg-red-50 text-red-800 ring-red-600/30",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/30",
} as const;

export type BadgeTone = keyof typeof tones;

/** A small labelled badge (text, not colour alone, carries the meaning). */
export function Badge({ label, tone }: { label: string; tone: BadgeTone }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}
    >
      {label}
    </span>
  );
}

/** A coupon's state as a badge, in the words of lib/coupon-display/labels.ts. */
export function StatusBadge({ status }: { status: string }) {
  const entry = couponStatusLabels[status] ?? { label: status, tone: "stone" as const };
  return <Badge label={entry.label} tone={entry.tone} />;
}
