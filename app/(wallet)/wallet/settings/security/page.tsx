import type { Metadata } from "next";
import Link from "next/link";
import { PasskeyManager } from "@/components/auth/passkey-manager";
import { RecoveryCodesPanel } from "@/components/auth/recovery-codes-panel";
import { SecurityEventList } from "@/components/auth/security-event-list";
import { SignOutSessions } from "@/components/auth/sign-out-sessions";
import { UnlockWalletButton } from "@/components/wallet/unlock-wallet-button";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { listPasskeys } from "@/lib/passkeys/list-passkeys";
import { countRecoveryCodes } from "@/lib/recovery/count-recovery-codes";
import { listSecurityEvents } from "@/lib/security-events/list-security-events";

export const metadata: Metadata = { title: "Passkeys and sessions" };

export default async function SecuritySettingsPage() {
  const { session, actor } = await pageActor({
    permission: "account.manage",
    next: "/wallet/settings/security",
  });
  const db = getDb();
  const [passkeys, events, recovery] = await Promise.all([
    listPasskeys(db, { actor }),
    listSecurityEvents(db, { actor }),
    countRecoveryCodes(db, { actor }),
  ]);
  const unlocked = session.unlockedUntil !== null && session.unlockedUntil.getTime() > Date.now();
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
        <p className="text-stone-700">
          <Link href="/wallet/settings/payout" className="text-brand-700 underline">
            Where Scrip pays you
          </Link>
          : the bank account your payouts go to.
        </p>
      </div>
      {!unlocked && (
        <section
          aria-label="Wallet locked"
          className="space-y-3 rounded-xl border border-amber-200 bg-amber-50 p-4"
        >
          <p className="font-medium">Your wallet is locked</p>
          <p className="text-stone-700">
            Unlock it before you add, rename or remove a passkey, sign out other browsers or make new recovery
            codes. Each change also asks one of your passkeys to confirm it.
          </p>
          <UnlockWalletButton />
        </section>
      )}
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
        <SignOutSessions />
      </section>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Recovery codes</h2>
        <RecoveryCodesPanel unused={recovery.unused} />
      </section>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Security events</h2>
        <p className="text-stone-700">The latest changes to how this account is protected, newest first.</p>
        <SecurityEventList
          events={events.map((e) => ({
            id: e.id,
            kind: e.kind,
            detail: e.detail,
            createdAt: e.createdAt.toISOString(),
          }))}
        />
      </section>
    </div>
  );
}
