"use client";

import { useState } from "react";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { When } from "@/components/ui/when";
import { TerminalCopy } from "./terminal-copy";
import { useTerminalSync } from "./use-terminal-sync";

/** What needs the network and is therefore not offered (nor queued) offline. */
const onlineOnly =
  "Giving, accepting and paying need the network: they are not possible offline, and nothing is queued.";

/**
 * The wallet terminal (/wallet/terminal, and the service worker's offline page): this device's encrypted copy of
 * the person's coupons. Locked, it offers to unlock with the passkey; unlocked, it shows the copy and keeps it in
 * sync while online; offline, it says so, as of when, and what cannot be done.
 */
export function TerminalScreen() {
  const { port, online, snapshot, syncing, syncError, sync } = useTerminalSync();
  const [unlockError, setUnlockError] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState(false);

  const unlock = async () => {
    setUnlocking(true);
    setUnlockError(null);
    try {
      await port.unlock();
    } catch (error) {
      setUnlockError(error instanceof Error ? error.message : "The wallet could not be unlocked.");
    } finally {
      setUnlocking(false);
    }
  };

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">This device&apos;s copy</h1>
        <p className="text-stone-700">
          Your coupons as this device keeps them, encrypted, for when there is no network. Scrip&apos;s own
          records stay the reference: this copy is refreshed whenever you are online.
        </p>
      </header>

      {online ? null : (
        <section
          aria-labelledby="offline-banner"
          className="space-y-1 rounded-xl border border-amber-300 bg-amber-50 p-4"
          data-testid="offline-banner"
        >
          <h2 id="offline-banner" className="font-semibold">
            {snapshot ? (
              <>
                Offline — showing your coupons as of <When date={snapshot.asOf} />
              </>
            ) : (
              "Offline"
            )}
          </h2>
          <p className="text-sm">{onlineOnly}</p>
        </section>
      )}

      {port.state === "starting" ? <p className="text-stone-700">Opening this device&apos;s copy…</p> : null}

      {port.state === "locked" ? (
        <section
          aria-labelledby="locked"
          className="space-y-3 rounded-xl border border-stone-200 bg-white p-4"
        >
          <h2 id="locked" className="text-xl font-semibold">
            Locked
          </h2>
          <p className="text-stone-700">Unlock with your passkey to see the coupons this device keeps.</p>
          <button type="button" className={primaryButton} disabled={unlocking} onClick={unlock}>
            {unlocking ? "Confirm with your passkey…" : "Unlock"}
          </button>
          {unlockError ? <StatusMessage status={{ kind: "error", text: unlockError }} /> : null}
        </section>
      ) : null}

      {port.state === "no-prf" || port.state === "unavailable" ? (
        <section
          aria-labelledby="online-only"
          className="space-y-2 rounded-xl border border-stone-200 bg-white p-4"
        >
          <h2 id="online-only" className="text-xl font-semibold">
            Online only on this device
          </h2>
          <p className="text-stone-700">
            {port.state === "no-prf"
              ? "Your passkey cannot make the key that encrypts a copy on this device, so this device keeps no copy: your wallet works online only."
              : "This browser keeps no copy of your wallet: it works online only."}
          </p>
        </section>
      ) : null}

      {port.state === "unlocked" ? (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" className={secondaryButton} onClick={port.lock}>
              Lock
            </button>
            {online ? (
              <button
                type="button"
                className={secondaryButton}
                disabled={syncing}
                onClick={() => void sync()}
              >
                {syncing ? "Refreshing…" : "Refresh now"}
              </button>
            ) : null}
            {online && snapshot ? (
              <p className="text-sm text-stone-700" data-testid="terminal-as-of">
                Up to date as of <When date={snapshot.asOf} />
              </p>
            ) : null}
          </div>
          {/* Offline, the banner already says why the copy is not refreshed. */}
          {online && syncError ? <StatusMessage status={{ kind: "error", text: syncError }} /> : null}
          {snapshot ? (
            <TerminalCopy snapshot={snapshot} />
          ) : (
            <p className="text-stone-700">
              {online ? "Fetching your coupons…" : "This device has no copy of your coupons yet."}
            </p>
          )}
        </>
      ) : null}
    </div>
  );
}
