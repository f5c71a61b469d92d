import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SignInRequired } from "@/components/ui/sign-in-required";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { can } from "@/lib/auth/permissions";

/**
 * Every /admin page: signed-out visitors are asked to sign in, people without the admin role are told so, and
 * admins get the back-office navigation. This is a convenience, not the check: each page's reads and each
 * action authorise again (admin loaders and actions), and so does every lib function they call.
 * (The enrolment page lives in the `(admin-enrol)` group so people who are not admins yet can reach it.)
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession();
  if (!session) {
    return (
      <SignInRequired
        title="Back office"
        purpose="Approvals, charging runs, settlement, keys, audit and ledger health."
        next="/admin"
      />
    );
  }
  if (!can(session.actor, "admin.read")) {
    return (
      <section className="mx-auto max-w-md space-y-3 rounded-xl border border-stone-200 bg-white p-6 text-center">
        <h1 className="text-2xl font-semibold">Back office</h1>
        <p role="alert" className="text-stone-700">
          Your account (@{session.handle}) does not have the admin role. An admin enrolment link grants it.
        </p>
      </section>
    );
  }
  return (
    <div className="space-y-6">
      <LiveRefresh area="admin" />
      <AdminNav />
      <div className="min-w-0 space-y-6">{children}</div>
    </div>
  );
}
