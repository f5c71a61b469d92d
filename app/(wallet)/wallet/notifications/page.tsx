import type { Metadata } from "next";
import Link from "next/link";
import { NotificationList } from "@/components/notifications/notification-list";
import { secondaryButton } from "@/components/ui/button-styles";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { formatDateTime } from "@/lib/dates/format-date";
import { countUnreadNotifications } from "@/lib/notifications/count-unread-notifications";
import { listNotifications } from "@/lib/notifications/list-notifications";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<{ before?: string | string[] }>;
}) {
  const session = await pageActor({ permission: "wallet.use", next: "/wallet/notifications" });
  const { before } = await searchParams;
  const db = getDb();
  const [page, unread] = await Promise.all([
    listNotifications(db, session.actor, { before: typeof before === "string" ? before : null }),
    countUnreadNotifications(db, session.actor),
  ]);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-1">
        <Link href="/wallet" className="text-sm text-brand-700 underline">
          Back to the wallet
        </Link>
        <h1 className="text-3xl font-semibold tracking-tight">Notifications</h1>
        <p className="text-stone-700">
          {unread === 0
            ? "Nothing new."
            : unread === 1
              ? "1 new notification."
              : `${unread} new notifications.`}{" "}
          <Link href="/wallet/settings/email" className="text-brand-700 underline">
            Get them by email
          </Link>
        </p>
      </div>
      {page.items.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-6 text-stone-700">
          {before
            ? "No older notifications."
            : "No notifications yet. Offers, refunds, approvals, statements and security changes will appear here."}
        </p>
      ) : (
        <NotificationList
          unread={unread}
          items={page.items.map((item) => ({
            id: item.id,
            title: item.title,
            href: item.href,
            when: formatDateTime(item.createdAt),
            read: item.readAt !== null,
          }))}
        />
      )}
      <nav aria-label="More notifications" className="flex flex-wrap gap-2">
        {before ? (
          <Link href="/wallet/notifications" className={secondaryButton}>
            Newest
          </Link>
        ) : null}
        {page.nextBefore ? (
          <Link href={`/wallet/notifications?before=${page.nextBefore}`} className={secondaryButton}>
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
