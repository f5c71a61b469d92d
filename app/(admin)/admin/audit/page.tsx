import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilterForm, type AuditFilterValues } from "@/components/admin/audit-filter-form";
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
        <>
          {/* On a phone each event is a card; from the small breakpoint up, a table. */}
          <ul aria-label="Audit events" className="space-y-2 sm:hidden">
            {result.data.items.map((entry) => (
              <li
                key={entry.id}
                className="space-y-1 rounded-xl border border-stone-200 bg-white p-4 text-sm"
              >
                <p className="font-mono text-xs font-medium">{entry.action}</p>
                <p className="text-stone-600">
                  <When date={entry.at} /> · by{" "}
                  {entry.actorHandle ? `@${entry.actorHandle}` : (entry.actorPartyId ?? "Scrip")}
                </p>
                {entry.targetId ? (
                  <p>
                    <span className="text-stone-600">{entry.targetType} </span>
                    <TargetLink type={entry.targetType} id={entry.targetId} />
                  </p>
                ) : null}
                {entry.reason ? <p>Reason: {entry.reason}</p> : null}
                {entry.data !== "{}" || entry.ip ? (
                  <p className="break-all font-mono text-xs text-stone-600">
                    {entry.data === "{}" ? "" : entry.data}
                    {entry.ip ? ` ip ${entry.ip}` : ""}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto rounded-xl border border-stone-200 bg-white sm:block">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Audit events</caption>
              <thead className="bg-stone-50 text-stone-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Time
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Action
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Actor
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Target
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Reason
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Details
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {result.data.items.map((entry) => (
                  <tr key={entry.id} className="align-top">
                    <td className="whitespace-nowrap px-3 py-2">
                      <When date={entry.at} />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{entry.action}</td>
                    <td className="px-3 py-2">
                      {entry.actorHandle ? (
                        `@${entry.actorHandle}`
                      ) : entry.actorPartyId ? (
                        <code className="text-xs">{entry.actorPartyId}</code>
                      ) : (
                        "Scrip"
                      )}
                    </td>
                    <td className="px-3 py-2">
                      {entry.targetId ? (
                        <>
                          <span className="text-stone-600">{entry.targetType} </span>
                          <TargetLink type={entry.targetType} id={entry.targetId} />
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="px-3 py-2">{entry.reason ?? "—"}</td>
                    <td className="max-w-xs break-all px-3 py-2 font-mono text-xs text-stone-600">
                      {entry.data === "{}" ? "" : entry.data}
                      {entry.ip ? ` ip ${entry.ip}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
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
