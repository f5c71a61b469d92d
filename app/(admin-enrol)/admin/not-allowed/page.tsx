import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Back office" };

/** Where a back-office page sends a signed-in person without the admin role: it says so and how to get it. */
export default async function NotAllowedPage() {
  const { session } = await pageActor({ permission: "account.manage", next: "/admin" });
  if (session.isAdmin) redirect("/admin");
  return (
    <section className="mx-auto max-w-md space-y-3 rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-2xl font-semibold">Back office</h1>
      <p role="alert" className="text-stone-700">
        Your account (@{session.handle}) does not have the admin role. An admin enrolment link grants it.
      </p>
    </section>
  );
}
