"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { loadRecord, saveRecord, setTerminalKey } from "./terminal-session";
import { type UnlockOutcome, unlockOffline, unlockOnline } from "./terminal-unlock";

export { loadRecord, saveRecord, TerminalLockedError } from "./terminal-session";
export type { UnlockOutcome } from "./terminal-unlock";

/** locked: the copy needs a passkey; no_prf: the passkey cannot make a key; unsupported: the browser cannot. */
export type TerminalState = "locked" | "unlocked" | "no_prf" | "unsupported";

export interface TerminalContextValue {
  state: TerminalState;
  /** The unlocked key, in this tab's memory only. */
  key: CryptoKey | null;
  userId: string;
  /** Online: the wallet's unlock step-up with PRF (server and device in one prompt); offline: a local assertion. */
  unlock: () => Promise<UnlockOutcome>;
  /** Drops the key from memory. */
  lock: () => void;
}

/** What the wallet says where the passkey has no PRF. */
export const noPrfText =
  "This passkey cannot keep your coupons on this device; the wallet works online only.";
export const unsupportedText =
  "This browser cannot keep your coupons on this device; the wallet works online only.";

/** The key goes after this long without input, and when the tab stays hidden this long. */
const idleMs = 5 * 60_000;
const hiddenMs = 2 * 60_000;
const inputEvents = ["pointerdown", "keydown", "wheel", "touchstart"] as const;

const TerminalContext = createContext<TerminalContextValue | null>(null);

const supported = () =>
  typeof window !== "undefined" &&
  "PublicKeyCredential" in window &&
  "indexedDB" in window &&
  Boolean(globalThis.crypto?.subtle);

const isUnreachable = (error: unknown) => error instanceof TypeError;

/**
 * The wallet terminal (issue #16) for the signed-in person `userId`: holds the key of this device's encrypted copy
 * while unlocked and drops it on lock, after 5 minutes without input, or when the tab is hidden for 2 minutes.
 */
export function TerminalProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [state, setState] = useState<TerminalState>("locked");
  const [key, setKey] = useState<CryptoKey | null>(null);

  useEffect(() => {
    if (!supported()) setState("unsupported");
  }, []);

  const lock = useCallback(() => {
    setTerminalKey(null);
    setKey(null);
    setState((previous) => (previous === "unlocked" ? "locked" : previous));
  }, []);

  const unlock = useCallback(async (): Promise<UnlockOutcome> => {
    const canKeep = supported();
    let outcome: UnlockOutcome;
    if (canKeep && !navigator.onLine) {
      outcome = await unlockOffline(userId);
    } else {
      try {
        outcome = await unlockOnline(userId, canKeep);
      } catch (error) {
        if (!canKeep || !isUnreachable(error)) throw error;
        outcome = await unlockOffline(userId);
      }
    }
    if (!outcome.ok) return outcome;
    if (!canKeep) setState("unsupported");
    else if (!outcome.key) setState("no_prf");
    else {
      setTerminalKey({ userId, key: outcome.key });
      setKey(outcome.key);
      setState("unlocked");
    }
    return outcome;
  }, [userId]);

  // A lock drops the key; so does leaving the wallet (another person may sign in next).
  useEffect(() => () => setTerminalKey(null), []);

  useEffect(() => {
    if (state !== "unlocked") return;
    let idle = setTimeout(lock, idleMs);
    let hidden: ReturnType<typeof setTimeout> | undefined;
    let hiddenAt = 0;
    const onInput = () => {
      clearTimeout(idle);
      idle = setTimeout(lock, idleMs);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        hiddenAt = Date.now();
        hidden = setTimeout(lock, hiddenMs);
        return;
      }
      clearTimeout(hidden);
      // Timers in a hidden tab may run late: the time hidden decides.
      if (hiddenAt && Date.now() - hiddenAt >= hiddenMs) lock();
      hiddenAt = 0;
    };
    for (const name of inputEvents) window.addEventListener(name, onInput, { passive: true });
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearTimeout(idle);
      clearTimeout(hidden);
      for (const name of inputEvents) window.removeEventListener(name, onInput);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [state, lock]);

  // End-to-end tests reach the record helpers through this hook, set only by a test's init script.
  useEffect(() => {
    const page = window as { __scripTerminalTest?: boolean; __scripTerminal?: object };
    if (page.__scripTerminalTest === true) page.__scripTerminal = { saveRecord, loadRecord, state };
  }, [state]);

  const value = useMemo(() => ({ state, key, userId, unlock, lock }), [state, key, userId, unlock, lock]);
  return <TerminalContext.Provider value={value}>{children}</TerminalContext.Provider>;
}

/** The terminal of the page's `TerminalProvider`; throws outside one. */
export function useTerminal(): TerminalContextValue {
  const terminal = useContext(TerminalContext);
  if (!terminal) throw new Error("useTerminal needs a TerminalProvider above it.");
  return terminal;
}

/** The terminal, or null where no `TerminalProvider` is mounted (the wallet's unlock then works as before). */
export function useOptionalTerminal(): TerminalContextValue | null {
  return useContext(TerminalContext);
}
