import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilterForm, type AuditFilterValues } from "@/components/admin/audit-filter-form";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { StatusMessage } from "@/components/ui/status-message";
import { When } from "@/components/ui/when";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { loadAuditLog } from "../loaders";

export const metadata: Metadata = { title: "Audit log · Back office" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const { actor } = await pageActor({
    permission: "audit.read",
    next: "/admin/audit",
    denied: backOfficeNotAllowed,
  });
  const params = await searchParams;
  const text = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : "");
  const values: AuditFilterValues = {
    actor: text("actor"),
    action: text("action"),
    target: text("target"),
    from: text("from"),
    to: text("to"),
  };
  const input = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
  const result = await loadAuditLog(actor, { ...input, cursor: text("cursor") || undefined });
  const next =
    result.ok && result.data.nextCursor
      ? `/admin/audit?${new URLSearchParams({ ...input, cursor: result.data.nextCursor }).toString()}`
      : null;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-stone-700">
          Every admin action and security event, newest first. The log is append-only: the database refuses to
          change or delete a row. Times are UTC.
        </p>
      </header>
      <AuditFilterForm values={values} />
      {!result.ok ? (
        <StatusMessage status={{ kind: "error", text: result.error.message }} />
      ) : result.data.items.length === 0 ? (
        <p className="text-stone-700">No events match.</p>
      ) : (
        <CardTable
          caption="Audit events"
          columns={[
            { label: "Time" },
            { label: "Action" },
            { label: "Actor" },
            { label: "Target" },
            { label: "Reason" },
            { label: "Details" },
          ]}
        >
          {result.data.items.map((entry) => (
            <CardRow key={entry.id}>
              <CardCell label="Time" className="sm:whitespace-nowrap">
                <When date={entry.at} />
              </CardCell>
              <CardCell label="Action" className="font-mono text-xs sm:whitespace-nowrap">
                {entry.action}
              </CardCell>
              <CardCell label="Actor">
                {entry.actorHandle ? (
                  `@${entry.actorHandle}`
                ) : entry.actorPartyId ? (
                  <code className="break-all text-xs">{entry.actorPartyId}</code>
                ) : (
                  "Scrip"
                )}
              </CardCell>
              <CardCell label="Target">
                {entry.targetId ? (
                  <>
                    <span className="text-stone-600">{entry.targetType} </span>
                    <TargetLink type={entry.targetType} id={entry.targetId} />
                  </>
                ) : (
                  "—"
                )}
              </CardCell>
              <CardCell label="Reason">{entry.reason ?? "—"}</CardCell>
              <CardCell label="Details" className="break-all font-mono text-xs text-stone-600 sm:max-w-xs">
                {entry.data === "{}" ? "" : entry.data}
                {entry.ip ? ` ip ${entry.ip}` : ""}
              </CardCell>
            </CardRow>
          ))}
        </CardTable>
      )}
      {next ? (
        <Link href={next} className="text-brand-700 underline">
          Older events
        </Link>
      ) : null}
    </div>
  );
}

/** The target's own back-office page where there is one. */
function TargetLink({ type, id }: { type: string | null; id: string }) {
  const href = type === "coupon" ? `/admin/coupons/${id}` : type === "party" ? `/admin/parties/${id}` : null;
  const code = <code className="break-all text-xs">{id}</code>;
  return href ? (
    <Link href={href} className="text-brand-700 underline">
      {code}
    </Link>
  ) : (
    code
  );
}
