import type { Metadata } from "next";
import Link from "next/link";
import { PasskeyManager } from "@/components/auth/passkey-manager";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/get-current-session";
import { listPasskeys } from "@/lib/passkeys/list-passkeys";

export const metadata: Metadata = { title: "Passkeys and sessions" };

export default async function SecuritySettingsPage() {
  const session = await requireUser("/wallet/settings/security");
  const passkeys = await listPasskeys(getDb(), { actor: session.actor });
  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <div className="space-y-1">
        <Link href="/wallet" className="text-sm text-brand-700 underline">
          Back to the wallet
        </Link>
        <h1 className="text-3xl font-semibold tracking-tight">Passkeys and sessions</h1>
        <p className="text-stone-700">
          @{session.handle} signs in and confirms payments with these passkeys.
        </p>
      </div>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Passkeys</h2>
        <PasskeyManager
          passkeys={passkeys.map((p) => ({
            id: p.id,
            name: p.name,
            createdAt: p.createdAt.toISOString(),
            lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
            deviceType: p.deviceType,
            backedUp: p.backedUp,
          }))}
        />
      </section>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Sessions</h2>
        <p className="text-stone-700">
          Lost a device, or signed in somewhere you should not have? End every session of this account,
          including this one.
        </p>
        <SignOutEverywhereButton />
      </section>
    </div>
  );
}
