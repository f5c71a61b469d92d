import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates/format-date";
import { demoMailboxEnabled, listDemoMail } from "@/lib/email/demo-mailbox";
import { publicOrigin } from "@/lib/email/mail-transport";

export const metadata: Metadata = { title: "Demo mailbox" };

/** Renders a message's text with links to this Scrip clickable (and every other address as plain text). */
function MailText({ text, origin }: { text: string; origin: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <p className="whitespace-pre-wrap break-words text-sm text-stone-800">
      {parts.map((part, index) =>
        part.startsWith(`${origin}/`) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never move
          <a key={index} href={part.slice(origin.length)} className="text-brand-700 underline">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}

/**
 * What the embedded demo's local SMTP server received (scripts/start.ts). Exists only in the embedded demo and
 * only for admins: everyone else, and every real deployment, gets a 404.
 */
export default async function DemoMailboxPage() {
  if (!demoMailboxEnabled()) notFound();
  const session = await getCurrentSession();
  if (!session || !can(session.actor, "admin.read")) notFound();
  const messages = await listDemoMail(getDb(), session.actor);
  const origin = publicOrigin();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-1">
        <Link href="/admin" className="text-sm text-brand-700 underline">
          Back office
        </Link>
        <h1 className="text-3xl font-semibold tracking-tight">Demo mailbox</h1>
        <p className="text-stone-700">
          The demo does not send real email: everything Scrip sends arrives here instead, newest first.
        </p>
      </div>
      {messages.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-6 text-stone-700">No email yet.</p>
      ) : (
        <ol className="space-y-3" aria-label="Received email">
          {messages.map((message) => (
            <li key={message.id} className="space-y-2 rounded-xl border border-stone-200 bg-white p-4">
              <h2 className="break-words font-semibold">{message.subject || "(no subject)"}</h2>
              <p className="break-words text-sm text-stone-600">
                To {message.rcptTo} · {formatDateTime(message.receivedAt)}
              </p>
              <MailText text={message.textBody} origin={origin} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
