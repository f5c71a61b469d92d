// The terminal's unlocked key, held in this tab's memory only (issue #16), and the records read and written
// through it. Browser only: imported by client components.
import { openRecord, sealRecord } from "@/lib/terminal/vault-crypto";
import { getSealed, putSealed } from "@/lib/terminal/vault-store";

/** Thrown by `saveRecord`/`loadRecord` while the terminal is locked (no key in memory). */
export class TerminalLockedError extends Error {
  readonly code = "terminal_locked";
  constructor() {
    super("Unlock the wallet with your passkey to read the coupons kept on this device.");
    this.name = "TerminalLockedError";
  }
}

let current: { userId: string; key: CryptoKey } | null = null;

/** Sets (on unlock) or drops (on lock) the key the records go through. */
export function setTerminalKey(session: { userId: string; key: CryptoKey } | null): void {
  current = session;
}

function unlocked(): { userId: string; key: CryptoKey } {
  if (!current) throw new TerminalLockedError();
  return current;
}

/** Seals `value` as the record `name` of the unlocked person on this device. */
export async function saveRecord(name: string, value: unknown): Promise<void> {
  const { userId, key } = unlocked();
  await putSealed(userId, name, await sealRecord(key, name, value));
}

/**
 * The record `name` of the unlocked person, or null when there is none; throws `TerminalLockedError` while
 * locked and `VaultError` when the record does not open (another key, or changed).
 */
export async function loadRecord<T = unknown>(name: string): Promise<T | null> {
  const { userId, key } = unlocked();
  const sealed = await getSealed(userId, name);
  if (!sealed) return null;
  // The key may have been dropped while the record was read; a lock wins.
  unlocked();
  return openRecord<T>(key, name, sealed);
}
