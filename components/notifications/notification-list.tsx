"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  markAllNotificationsReadAction,
  markNotificationReadAction,
} from "@/app/(wallet)/wallet/notifications/actions";
import { secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

export interface NotificationItem {
  id: string;
  title: string;
  href: string;
  when: string;
  read: boolean;
}

/** The person's notifications, newest first, each with a link to where it happened and "Mark read". */
export function NotificationList({ items, unread }: { items: NotificationItem[]; unread: number }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const markOne = (id: string) =>
    run("Marking as read…", async () => {
      const result = await markNotificationReadAction({ id });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.refresh();
      return { kind: "success", text: "Marked as read." };
    });
  const markAll = () =>
    run("Marking everything as read…", async () => {
      const result = await markAllNotificationsReadAction({});
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.refresh();
      const count = result.data.marked;
      return {
        kind: "success",
        text: count === 1 ? "1 notification marked as read." : `${count} notifications marked as read.`,
      };
    });
  return (
    <div className="space-y-4">
      {unread > 0 ? (
        <button type="button" className={secondaryButton} disabled={busy} onClick={markAll}>
          Mark all as read
        </button>
      ) : null}
      <StatusMessage status={status} />
      <ol className="space-y-2" aria-label="Notifications">
        {items.map((item) => (
          <li
            key={item.id}
            className={`flex flex-col gap-2 rounded-lg border px-3 py-3 sm:flex-row sm:items-center sm:justify-between ${
              item.read ? "border-stone-200 bg-white" : "border-brand-600/40 bg-brand-50"
            }`}
          >
            <div className="min-w-0 space-y-1">
              <p className="break-words font-medium">
                {item.read ? null : <span className="sr-only">Unread: </span>}
                <Link href={item.href} className="underline decoration-stone-300 underline-offset-2">
                  {item.title}
                </Link>
              </p>
              <p className="text-sm text-stone-600">{item.when}</p>
            </div>
            {item.read ? null : (
              <button
                type="button"
                className={`${secondaryButton} shrink-0`}
                disabled={busy}
                onClick={() => markOne(item.id)}
              >
                Mark as read
              </button>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
