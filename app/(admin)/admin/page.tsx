import type { Metadata } from "next";
import Link from "next/link";
import { LoadError } from "@/components/admin/load-error";
import { OverdueInvoices } from "@/components/admin/overdue-invoices";
import { SuspendUserForm } from "@/components/admin/suspend-user-form";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";
import { listOverdueInvoices } from "@/lib/parties/list-overdue-invoices";
import { loadAdminOverview } from "./loaders";

export const metadata: Metadata = { title: "Back office" };

export default async function AdminPage() {
  const { actor, session } = await pageActor({
    permission: "admin.read",
    next: "/admin",
    denied: backOfficeNotAllowed,
  });
  const overview = await loadAdminOverview(actor, {});
  if (!overview.ok) return <LoadError title="Back office" error={overview.error} />;
  const overdue = await listOverdueInvoices(getDb(), actor);
  const counts = [
    { label: "Awaiting approval", value: overview.data.awaitingApprovals, href: "/admin/approvals" },
    {
      label: "Campaigns awaiting approval",
      value: (await listCampaigns(getDb(), actor, { status: "awaiting_approval" })).length,
      href: "/admin/campaigns",
    },
    { label: "Suspended parties", value: overview.data.suspendedParties, href: "/admin/parties" },
    {
      label: "Issuer keys (active / retired)",
      value: `${overview.data.activeKeys} / ${overview.data.retiredKeys}`,
      href: "/admin/keys",
    },
    { label: "Audit events, last 24 h", value: overview.data.auditEventsToday, href: "/admin/audit" },
  ];
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Back office</h1>
        <p className="text-stone-700">Signed in as @{session.handle}, admin.</p>
      </header>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {counts.map((count) => (
          <li key={count.label}>
            <Link
              href={count.href}
              className="block min-h-11 rounded-xl border border-stone-200 bg-white p-4 hover:bg-stone-50"
            >
              <span className="block text-sm text-stone-600">{count.label}</span>
              <span className="block text-2xl font-semibold tabular-nums">{count.value}</span>
            </Link>
          </li>
        ))}
      </ul>
      <OverdueInvoices rows={overdue} headingId="overdue-heading" heading="Overdue invoices" />
      <SuspendUserForm />
    </div>
  );
}
