import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { LiveRefresh } from "@/components/live/live-refresh";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";

/**
 * Every /admin page: signed-out visitors are sent to sign in, people without the admin role to the page that
 * says so, and admins get the back-office navigation. This is a convenience, not the check: each page asks
 * pageActor itself, and every lib function it reads through authorises again.
 * (The enrolment and not-allowed pages live in the `(admin-enrol)` group so people who are not admins reach them.)
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await pageActor({ permission: "admin.read", next: "/admin", denied: backOfficeNotAllowed });
  return (
    <div className="space-y-6">
      <LiveRefresh area="admin" />
      <AdminNav />
      <div className="min-w-0 space-y-6">{children}</div>
    </div>
  );
}
