import type { Metadata } from "next";
import Link from "next/link";
import { EmailSettingsForm } from "@/components/notifications/email-settings-form";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { getEmailSettings } from "@/lib/email/email-settings";
import { emailEnabled } from "@/lib/email/mail-transport";
import { notificationKindLabels, optionalEmailKinds } from "@/lib/notifications/notification-kinds";

export const metadata: Metadata = { title: "Email" };

export default async function EmailSettingsPage() {
  const session = await pageActor({ permission: "account.manage", next: "/wallet/settings/email" });
  const settings = await getEmailSettings(getDb(), session.actor);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-1">
        <Link href="/wallet/notifications" className="text-sm text-brand-700 underline">
          Back to notifications
        </Link>
        <h1 className="text-3xl font-semibold tracking-tight">Email</h1>
        <p className="text-stone-700">
          Optional: get your notifications by email as well. Security emails are always sent to a confirmed
          address.
        </p>
      </div>
      {emailEnabled() ? (
        <EmailSettingsForm
          address={settings.address}
          verified={settings.verified}
          securityLabel={notificationKindLabels.security}
          choices={optionalEmailKinds.map((kind) => ({
            kind,
            label: notificationKindLabels[kind],
            on: !settings.optedOut.includes(kind),
          }))}
        />
      ) : (
        <p className="rounded-xl border border-stone-200 bg-white p-6 text-stone-700">
          This Scrip does not send email. Your notifications are in the notification centre.
        </p>
      )}
    </div>
  );
}
