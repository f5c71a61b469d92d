"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { liveChangeEvent } from "@/components/live/live-refresh";
import { isSnapshot } from "@/lib/terminal/snapshot-summary";
import type { TerminalSnapshot } from "@/lib/terminal/terminal-types";
import { readWalletRoute } from "./read-wallet-route";
import { type TerminalPort, useTerminalPort } from "./terminal-port";

/** The record of the encrypted device memory that holds the last snapshot. */
export const snapshotRecord = "snapshot";
/** Where the server hands out a signed-in person's snapshot (issue #16). */
export const snapshotUrl = "/api/wallet/terminal";

/** A small, static file of Scrip's that the service worker never answers itself: reaching it means online. */
const probeUrl = "/manifest.webmanifest";
/** How often an open terminal checks again whether Scrip can be reached. */
const probeMs = 20_000;

/**
 * Whether Scrip can be reached, kept current. `navigator.onLine` only knows that the device has some network
 * (and stays true behind a dead Wi-Fi or in an emulated offline tab), so the terminal asks Scrip itself: on open,
 * when the browser's network changes, and every 20 s.
 */
export function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    let live = true;
    const check = async () => {
      const reachable =
        navigator.onLine &&
        (await fetch(probeUrl, { cache: "no-store" }).then(
          () => true,
          () => false,
        ));
      if (live) setOnline(reachable);
    };
    void check();
    const timer = setInterval(check, probeMs);
    window.addEventListener("online", check);
    window.addEventListener("offline", check);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener("online", check);
      window.removeEventListener("offline", check);
    };
  }, []);
  return online;
}

/** A snapshot as the server sends it, or why there is none (in words a person can act on). */
export async function fetchSnapshot(): Promise<{ snapshot: TerminalSnapshot } | { error: string }> {
  const read = await readWalletRoute(
    snapshotUrl,
    {},
    { purpose: "to refresh this copy", what: "your coupons" },
  );
  if ("error" in read) return read;
  if (!isSnapshot(read.data))
    return { error: "Scrip sent something this page does not understand. Reload it." };
  return { snapshot: read.data };
}

export interface TerminalSync {
  port: TerminalPort;
  online: boolean;
  /** The copy shown: the device's stored one, replaced by each successful sync. */
  snapshot: TerminalSnapshot | null;
  syncing: boolean;
  /** Why the last sync failed, in plain words; null after a success. */
  syncError: string | null;
  sync: () => Promise<void>;
}

/**
 * The terminal's copy of the wallet: read from the encrypted device memory on unlock, then refreshed from the
 * server (when online) on unlock, on every live event and when the network comes back, and stored again with
 * `saveRecord`. The server stays the source of truth; nothing is ever sent from the copy.
 */
export function useTerminalSync(): TerminalSync {
  const port = useTerminalPort();
  const online = useOnline();
  const [snapshot, setSnapshot] = useState<TerminalSnapshot | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [syncError, setSyncError] = useState<string | null>(null);
  const unlocked = port.state === "unlocked";
  // The port's functions may change identity between renders; the effects below use the latest ones.
  const portRef = useRef(port);
  portRef.current = port;
  const busy = useRef(false);

  const sync = useCallback(async () => {
    if (busy.current || !navigator.onLine) return;
    busy.current = true;
    setSyncing(true);
    try {
      const result = await fetchSnapshot();
      if ("error" in result) {
        setSyncError(result.error);
        return;
      }
      await portRef.current.saveRecord(snapshotRecord, result.snapshot);
      setSnapshot(result.snapshot);
      setSyncError(null);
    } catch (error) {
      setSyncError(error instanceof Error ? error.message : "This copy could not be saved on this device.");
    } finally {
      busy.current = false;
      setSyncing(false);
    }
  }, []);

  useEffect(() => {
    if (!unlocked) {
      setSnapshot(null);
      return;
    }
    let live = true;
    void (async () => {
      const stored = await portRef.current.loadRecord<unknown>(snapshotRecord).catch(() => null);
      if (live && isSnapshot(stored)) setSnapshot(stored);
      if (live) await sync();
    })();
    window.addEventListener(liveChangeEvent, sync);
    window.addEventListener("online", sync);
    return () => {
      live = false;
      window.removeEventListener(liveChangeEvent, sync);
      window.removeEventListener("online", sync);
    };
  }, [unlocked, sync]);

  return { port, online, snapshot, syncing, syncError, sync };
}
