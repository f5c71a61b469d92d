import type { Metadata } from "next";
import Link from "next/link";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { When } from "@/components/ui/when";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { loadParties } from "../loaders";

export const metadata: Metadata = { title: "Parties · Back office" };

type Props = { searchParams: Promise<{ q?: string; kind?: string; cursor?: string }> };

export default async function PartiesPage({ searchParams }: Props) {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/parties",
    denied: backOfficeNotAllowed,
  });
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q : "";
  const kind = params.kind === "user" || params.kind === "shop" ? params.kind : undefined;
  const result = await loadParties(actor, {
    query,
    kind,
    cursor: typeof params.cursor === "string" ? params.cursor : undefined,
  });
  const nextParams = (cursor: string) =>
    new URLSearchParams({ q: query, ...(kind ? { kind } : {}), cursor }).toString();
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Parties</h1>
        <p className="text-stone-700">
          People and shops: holdings, postings, statements, credit limits, suspension.
        </p>
      </header>
      <search>
        <form
          method="get"
          action="/admin/parties"
          className="grid gap-3 rounded-xl border border-stone-200 bg-white p-5 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
        >
          <div className="space-y-1">
            <label htmlFor="party-search" className="block text-sm font-medium">
              Handle, name, shop or party id
            </label>
            <input
              id="party-search"
              name="q"
              defaultValue={query}
              maxLength={100}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className={textInput}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="party-kind" className="block text-sm font-medium">
              Kind
            </label>
            <select id="party-kind" name="kind" defaultValue={kind ?? ""} className={textInput}>
              <option value="">People and shops</option>
              <option value="user">People</option>
              <option value="shop">Shops</option>
            </select>
          </div>
          <button type="submit" className={primaryButton}>
            Search
          </button>
        </form>
      </search>
      {!result.ok ? (
        <StatusMessage status={{ kind: "error", text: result.error.message }} />
      ) : result.data.items.length === 0 ? (
        <p className="text-stone-700">Nobody matches.</p>
      ) : (
        <ul
          aria-label="Parties found"
          className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white"
        >
          {result.data.items.map((party) => (
            <li key={party.partyId}>
              <Link
                href={`/admin/parties/${party.partyId}`}
                className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 p-4 hover:bg-stone-50"
              >
                <span className="font-medium">{party.displayName}</span>
                {party.handle ? (
                  <span className="text-stone-700">
                    {party.kind === "user" ? `@${party.handle}` : `/s/${party.handle}`}
                  </span>
                ) : null}
                <span className="text-sm text-stone-600">
                  {party.kind === "user" ? (party.isAdmin ? "person, admin" : "person") : "shop"} · since{" "}
                  <When date={party.createdAt} withTime={false} />
                </span>
                {party.status === "suspended" ? (
                  <span className="rounded bg-red-50 px-2 py-0.5 text-sm text-red-800">suspended</span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {result.ok && result.data.nextCursor ? (
        <Link
          href={`/admin/parties?${nextParams(result.data.nextCursor)}`}
          className="text-brand-700 underline"
        >
          Next page
        </Link>
      ) : null}
    </div>
  );
}
