import type { Metadata } from "next";
import { EnrolAdminForm } from "@/components/admin/enrol-admin-form";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Admin enrolment" };

type Props = { params: Promise<{ token: string }> };

export default async function EnrolAdminPage({ params }: Props) {
  const { token } = await params;
  const { session } = await pageActor({
    permission: "account.manage",
    next: `/admin/enrol/${encodeURIComponent(token)}`,
  });
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">Admin enrolment</h1>
      <p className="text-stone-700">
        This one-time link gives the admin role to the account that confirms it. You are signed in as{" "}
        <span className="font-medium">@{session.handle}</span>.
      </p>
      {session.isAdmin ? (
        <p className="text-stone-700">This account is already an admin.</p>
      ) : (
        <EnrolAdminForm token={token} handle={session.handle} />
      )}
    </section>
  );
}
