import type { Metadata } from "next";
import {
  type PendingSettlementRow,
  PendingSettlements,
} from "@/components/admin/charging/pending-settlements";
import { SettleControls, type StatementRow } from "@/components/admin/charging/settle-controls";
import { BackLink } from "@/components/ui/back-link";
import { secondaryButton, textInput } from "@/components/ui/button-styles";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { invoiceDueState } from "@/lib/charging/statement-words";
import { formatDate, formatDateTime } from "@/lib/dates/format-date";
import { formatMoney } from "@/lib/money/money";
import { listSettlementApprovals } from "@/lib/settlement/list-settlement-approvals";
import {
  searchStatements,
  statementFiltersSchema,
  statementsListMax,
} from "@/lib/settlement/search-statements";
import { plural } from "@/lib/words/plural";

export const metadata: Metadata = { title: "Statements and settlement" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminStatementsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/statements",
    denied: backOfficeNotAllowed,
  });
  const raw = await searchParams;
  const first = (value: string | string[] | undefined) =>
    (Array.isArray(value) ? value[0] : value) || undefined;
  const parsed = statementFiltersSchema.safeParse({
    runId: first(raw.runId),
    kind: first(raw.kind),
    status: first(raw.status),
    currency: first(raw.currency)?.toUpperCase(),
    party: first(raw.party),
  });
  const filters = parsed.success ? parsed.data : {};
  const statements = await searchStatements(getDb(), {
    actor,
    filters,
    limit: statementsListMax,
  });
  const pending: PendingSettlementRow[] = (await listSettlementApprovals(getDb(), actor)).map((item) => ({
    approvalId: item.approvalId,
    summary: `${plural(item.statementCount, "statement")}, ${
      item.totals.map((total) => formatMoney(total)).join(" + ") || "all settled"
    }`,
    askedBy: `@${item.requestedBy} on ${formatDateTime(item.requestedAt)}`,
    mine: item.mine,
  }));
  const now = new Date();
  const rows: StatementRow[] = statements.map((s) => {
    const due = invoiceDueState(s, now);
    return {
      id: s.id,
      runId: s.runId,
      periodEnd: formatDate(s.periodEnd),
      party: s.handle ? `@${s.handle}` : s.partyName,
      kind: s.kind,
      amountText: formatMoney(s),
      dueText: due ? `${due.state === "overdue" ? "overdue since" : "due by"} ${formatDate(due.at)}` : null,
      overdue: due?.state === "overdue",
      currency: s.currency,
      status: s.status,
      settledAt: s.settledAt ? formatDateTime(s.settledAt) : null,
    };
  });
  const query = new URLSearchParams(
    Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  ).toString();
  return (
    <div className="space-y-6">
      <BackLink href="/admin">Back office</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Statements and settlement</h1>
      <PendingSettlements rows={pending} />
      {!parsed.success ? (
        <p role="alert" className="text-red-800">
          Some filters were not valid and were ignored.
        </p>
      ) : null}
      <form
        method="get"
        className="grid gap-3 rounded-xl border border-stone-200 bg-white p-4 sm:grid-cols-3"
      >
        <label className="space-y-1">
          <span className="text-sm font-medium">Run</span>
          <input name="runId" defaultValue={filters.runId ?? ""} className={textInput} placeholder="run_…" />
        </label>
        <label className="space-y-1">
          <span className="text-sm font-medium">Kind</span>
          <select name="kind" defaultValue={filters.kind ?? ""} className={textInput}>
            <option value="">Any</option>
            <option value="invoice">Invoice</option>
            <option value="payout">Payout</option>
          </select>
        </label>
        <label className="space-y-1">
          <span className="text-sm font-medium">Status</span>
          <select name="status" defaultValue={filters.status ?? ""} className={textInput}>
            <option value="">Any</option>
            <option value="open">Open</option>
            <option value="settled">Settled</option>
          </select>
        </label>
        <label className="space-y-1">
          <span className="text-sm font-medium">Currency</span>
          <input
            name="currency"
            defaultValue={filters.currency ?? ""}
            className={textInput}
            placeholder="EUR"
            maxLength={3}
          />
        </label>
        <label className="space-y-1">
          <span className="text-sm font-medium">Party (handle, shop name or id)</span>
          <input name="party" defaultValue={filters.party ?? ""} className={textInput} maxLength={100} />
        </label>
        <div className="flex items-end">
          <button type="submit" className={secondaryButton}>
            Filter
          </button>
        </div>
      </form>
      <p className="flex flex-wrap gap-4 text-sm">
        <a
          href={`/api/admin/statements${query ? `?${query}` : ""}`}
          className="text-brand-700 underline"
          download
        >
          Download these statements (CSV)
        </a>
        <a
          href={
            filters.runId
              ? `/api/admin/postings?runId=${encodeURIComponent(filters.runId)}`
              : "/api/admin/postings"
          }
          className="text-brand-700 underline"
          download
        >
          {filters.runId ? "Download this run's postings (CSV)" : "Download unbilled postings (CSV)"}
        </a>
      </p>
      <p className="text-sm text-stone-600">
        {plural(rows.length, "statement")}
        {rows.length === statementsListMax ? ` (first ${statementsListMax})` : ""}.
      </p>
      {rows.length === 0 ? (
        <p className="text-stone-700">No statements match.</p>
      ) : (
        <SettleControls rows={rows} />
      )}
    </div>
  );
}
