import type { Metadata } from "next";
import { SuspendUserForm } from "@/components/admin/suspend-user-form";
import { SignInRequired } from "@/components/ui/sign-in-required";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Back office" };

export default async function AdminPage() {
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
      <h1 className="text-3xl font-semibold tracking-tight">Back office</h1>
      <p className="text-stone-700">Signed in as @{session.handle}, admin.</p>
      <SuspendUserForm />
    </div>
  );
}
