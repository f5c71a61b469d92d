import Link from "next/link";
import { primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";

export interface AuditFilterValues {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
}

const fields = [
  { name: "actor", label: "Actor (handle or id)", type: "text" },
  { name: "action", label: "Action (exact, or a prefix ending in “.”)", type: "text" },
  { name: "target", label: "Target id", type: "text" },
  { name: "from", label: "From (day)", type: "date" },
  { name: "to", label: "To (day, inclusive)", type: "date" },
] as const;

/** The audit log's filters: a plain GET form, so a filtered view has a URL and needs no JavaScript. */
export function AuditFilterForm({ values }: { values: AuditFilterValues }) {
  return (
    <search>
      <form
        method="get"
        action="/admin/audit"
        aria-label="Filter the audit log"
        className="grid gap-3 rounded-xl border border-stone-200 bg-white p-5 sm:grid-cols-2 lg:grid-cols-5"
      >
        {fields.map((field) => (
          <div key={field.name} className="space-y-1">
            <label htmlFor={`audit-${field.name}`} className="block text-sm font-medium">
              {field.label}
            </label>
            <input
              id={`audit-${field.name}`}
              name={field.name}
              type={field.type}
              defaultValue={values[field.name]}
              maxLength={100}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className={textInput}
            />
          </div>
        ))}
        <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-5">
          <button type="submit" className={primaryButton}>
            Filter
          </button>
          <Link href="/admin/audit" className={secondaryButton}>
            Clear
          </Link>
        </div>
      </form>
    </search>
  );
}
