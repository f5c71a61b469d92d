import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";

export interface VolumePoint {
  day: string;
  issuedMinor: bigint;
  transferredMinor: bigint;
  convertedMinor: bigint;
}

const series = [
  { key: "issuedMinor", label: "Issued", color: "#2563eb" },
  { key: "transferredMinor", label: "Transferred", color: "#d97706" },
  { key: "convertedMinor", label: "Converted", color: "#059669" },
] as const;

const width = 600;
const height = 200;
const padding = 24;

/**
 * Daily volume of one currency as an inline SVG line chart (decorative for screen readers: the table below it
 * carries the same figures).
 */
export function VolumeChart({ currency, points }: { currency: string; points: VolumePoint[] }) {
  const max = points.reduce(
    (highest, point) => series.reduce((inner, s) => (point[s.key] > inner ? point[s.key] : inner), highest),
    1n,
  );
  const x = (index: number) => padding + (index * (width - 2 * padding)) / Math.max(points.length - 1, 1);
  // Scale in bigint, then to a number of pixels: amounts never pass through a float before scaling.
  const y = (value: bigint) => height - padding - Number((value * BigInt(height - 2 * padding)) / max);
  return (
    <figure className="space-y-2">
      <figcaption className="font-medium">
        {currency}: daily volume, last {plural(points.length, "day")} (peak{" "}
        {formatMoney(moneyOf(max, currency))})
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full rounded-lg border border-stone-200 bg-white"
        aria-hidden="true"
        focusable="false"
      >
        <line
          x1={padding}
          y1={height - padding}
          x2={width - padding}
          y2={height - padding}
          stroke="#d6d3d1"
        />
        {series.map((s) => (
          <polyline
            key={s.key}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            points={points.map((point, index) => `${x(index)},${y(point[s.key])}`).join(" ")}
          />
        ))}
      </svg>
      <ul className="flex flex-wrap gap-4 text-sm" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1">
            <span className="inline-block h-2 w-4 rounded" style={{ backgroundColor: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary className="cursor-pointer text-sm text-brand-700 underline">
          Show the figures as a table
        </summary>
        <CardTable
          caption={`${currency} daily volume`}
          variant="plain"
          columns={[
            { label: "Day (UTC)" },
            ...series.map((s) => ({ label: s.label, align: "right" as const })),
          ]}
        >
          {points.map((point) => (
            <CardRow key={point.day}>
              <CardCell rowHeader label="Day (UTC)">
                {point.day}
              </CardCell>
              {series.map((s) => (
                <CardCell key={s.key} label={s.label} align="right" className="tabular-nums">
                  {formatMoney(moneyOf(point[s.key], currency))}
                </CardCell>
              ))}
            </CardRow>
          ))}
        </CardTable>
      </details>
    </figure>
  );
}
