import type { Metadata } from "next";
import { ConfirmEmailButton } from "@/components/notifications/confirm-email-button";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Confirm your email address" };

/** The page the emailed link opens: signed in as the person who added the address, they confirm it. */
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const value = typeof token === "string" && /^[A-Za-z0-9_-]{1,100}$/.test(token) ? token : null;
  const session = await pageActor({
    permission: "account.manage",
    next: value
      ? `/wallet/settings/email/verify?token=${encodeURIComponent(value)}`
      : "/wallet/settings/email",
  });
  return (
    <div className="mx-auto max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6">
      <h1 className="text-2xl font-semibold">Confirm your email address</h1>
      {value ? (
        <>
          <p className="text-stone-700">
            Signed in as @{session.session.handle}. Confirm that this is your address, and Scrip will email
            your notifications to it.
          </p>
          <ConfirmEmailButton token={value} />
        </>
      ) : (
        <p role="alert" className="text-stone-700">
          This link is not complete. Open it from the email again, or add your address again in your email
          settings.
        </p>
      )}
    </div>
  );
}
