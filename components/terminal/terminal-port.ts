"use client";

import {
  createContext,
  createElement,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { listUsers } from "@/lib/terminal/vault-store";
import {
  loadRecord,
  saveRecord,
  TerminalProvider,
  type TerminalState,
  useOptionalTerminal,
} from "./terminal-provider";

/**
 * The one place the terminal's screens (terminal-screen.tsx, use-terminal-sync.ts) reach this device's encrypted
 * memory (terminal-provider.tsx): its state in the screens' words, unlock and lock, and the sealed records.
 */

/**
 * Where the device memory is: `starting` (reading what this browser has), `locked` (a copy may exist, the key is
 * not in memory), `unlocked` (records can be read and written), `no-prf` (this passkey cannot derive the key:
 * the wallet works online only), `unavailable` (no device memory in this browser, or no copy on it).
 */
export type TerminalLockState = "starting" | "locked" | "unlocked" | "no-prf" | "unavailable";

export interface TerminalPort {
  state: TerminalLockState;
  /** Unlocks with a passkey assertion that evaluates PRF; rejects with a message a person can read. */
  unlock: () => Promise<void>;
  /** Drops the key from memory. */
  lock: () => void;
  /** Encrypts and stores `value` under `name` (only while unlocked). */
  saveRecord: (name: string, value: unknown) => Promise<void>;
  /** Reads and decrypts the record `name`, or null when there is none (only while unlocked). */
  loadRecord: <T>(name: string) => Promise<T | null>;
}

const portStates: Record<TerminalState, TerminalLockState> = {
  locked: "locked",
  unlocked: "unlocked",
  no_prf: "no-prf",
  unsupported: "unavailable",
};

const noCopy = "This browser keeps no copy of a wallet yet: open your wallet online and unlock it once.";

const unavailable = (state: TerminalLockState): TerminalPort => ({
  state,
  unlock: () => Promise.reject(new Error(noCopy)),
  lock: () => {},
  saveRecord: () => Promise.reject(new Error(noCopy)),
  loadRecord: () => Promise.resolve(null),
});

/**
 * The terminal for a page with no session (the offline page the service worker shows): the copy this device
 * keeps, found in its memory — the first one, when several people kept a copy here — or none.
 */
export function DeviceTerminalProvider({ children }: { children: ReactNode }): ReactNode {
  const [userId, setUserId] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    listUsers().then(
      (users) => setUserId(users[0] ?? null),
      () => setUserId(null),
    );
  }, []);
  if (userId === undefined) return createElement(LookingForCopy.Provider, { value: true, children });
  if (!userId) return children;
  return createElement(TerminalProvider, { userId, children });
}

/** True while the offline page is still reading which copy this device keeps (the screen says "Opening…"). */
const LookingForCopy = createContext(false);

/** The device memory's state and operations, for the page's terminal (or none). */
export function useTerminalPort(): TerminalPort {
  const terminal = useOptionalTerminal();
  const looking = useContext(LookingForCopy);
  return useMemo(() => {
    if (!terminal) return unavailable(looking ? "starting" : "unavailable");
    return {
      state: portStates[terminal.state],
      unlock: async () => {
        const outcome = await terminal.unlock();
        if (!outcome.ok) throw new Error(outcome.error.message);
      },
      lock: terminal.lock,
      saveRecord,
      loadRecord: <T>(name: string) => loadRecord<T>(name),
    };
  }, [terminal, looking]);
}
