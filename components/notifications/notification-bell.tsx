import Link from "next/link";
import { getDb } from "@/db/client";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import {
  countUnreadNotifications,
  unreadCountShownMax,
} from "@/lib/notifications/count-unread-notifications";

/** The header's link to the notification centre, with the signed-in person's unread count; nothing when signed out. */
export async function NotificationBell() {
  const session = await getCurrentSession();
  if (!session) return null;
  const unread = await countUnreadNotifications(getDb(), session.actor);
  const shown = unread > unreadCountShownMax ? `${unreadCountShownMax}+` : String(unread);
  const label = unread === 0 ? "Notifications" : `Notifications, ${shown} unread`;
  return (
    <Link
      href="/wallet/notifications"
      aria-label={label}
      className="inline-flex min-h-8 items-center gap-1 rounded px-2 py-1 hover:bg-stone-100"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="size-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden="true"
          data-testid="unread-count"
          className="min-w-5 rounded-full bg-brand-600 px-1.5 text-center text-xs font-semibold text-white"
        >
          {shown}
        </span>
      ) : null}
    </Link>
  );
}
