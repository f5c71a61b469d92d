"use client";

/**
 * The ONE place the wallet terminal's screens (terminal-screen.tsx, the incoming offer card) reach the encrypted
 * device memory (components/terminal/terminal-provider.tsx, issue #16) and the in-browser verifier
 * (lib/terminal/verify-terminal.ts). Only this file names them, through the thin interface below.
 *
 * MERGE: this branch was built before those landed, so the bodies below are placeholders that say "not
 * available"; at merge they become re-exports/adapters of `TerminalProvider`, `useTerminal()` (state, unlock,
 * lock, saveRecord, loadRecord) and `verifyOfferInTerminal`.
 */
import type { ReactNode } from "react";

/**
 * Where the device memory is: `starting` (reading what this browser has), `locked` (a copy may exist, the key is
 * not in memory), `unlocked` (records can be read and written), `no-prf` (this passkey cannot derive the key:
 * the wallet works online only), `unavailable` (no device memory in this browser).
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

const unavailable: TerminalPort = {
  state: "unavailable",
  unlock: () => Promise.reject(new Error("This browser keeps no copy of your wallet yet.")),
  lock: () => {},
  saveRecord: () => Promise.reject(new Error("This browser keeps no copy of your wallet yet.")),
  loadRecord: () => Promise.resolve(null),
};

/** Around every page that uses `useTerminalPort` (the wallet layout and the offline page). */
export function TerminalPortProvider({ children }: { children: ReactNode }): ReactNode {
  return children;
}

/** The device memory's state and operations. */
export function useTerminalPort(): TerminalPort {
  return unavailable;
}
