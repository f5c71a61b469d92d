/**
 * The terminal's memory on this device (issue #16): IndexedDB database "scrip-terminal", one object store keyed
 * `${userId}:${name}`. It holds only sealed records, plus one clear "meta" record per person: the HKDF salt and
 * the passkey credential ids whose PRF output makes the key, nothing else. Browser only.
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { SealedRecord } from "./vault-crypto";

/** The one clear record per person: what unlocking needs, nothing about their coupons. */
export interface VaultMeta {
  v: 1;
  /** The HKDF salt, 32 random bytes made once, base64url. */
  salt: string;
  /** The credential ids (base64url) whose PRF output derives the key; offline unlock asks only these. */
  credentialIds: string[];
}

type StoredValue = SealedRecord | VaultMeta;

interface TerminalDb extends DBSchema {
  records: { key: string; value: StoredValue };
}

export const vaultDatabaseName = "scrip-terminal";
const storeName = "records";
const metaName = "meta";

let opened: Promise<IDBPDatabase<TerminalDb>> | null = null;

function database(): Promise<IDBPDatabase<TerminalDb>> {
  opened ??= openDB<TerminalDb>(vaultDatabaseName, 1, {
    upgrade(db) {
      db.createObjectStore(storeName);
    },
  });
  return opened;
}

const keyOf = (userId: string, name: string) => `${userId}:${name}`;

const isMeta = (value: unknown): value is VaultMeta =>
  typeof value === "object" &&
  value !== null &&
  (value as VaultMeta).v === 1 &&
  typeof (value as VaultMeta).salt === "string" &&
  Array.isArray((value as VaultMeta).credentialIds);

const isSealed = (value: unknown): value is SealedRecord =>
  typeof value === "object" &&
  value !== null &&
  (value as SealedRecord).v === 1 &&
  typeof (value as SealedRecord).iv === "string" &&
  typeof (value as SealedRecord).ct === "string";

/** The person's meta record on this device, or null when the device keeps nothing for them yet. */
export async function readMeta(userId: string): Promise<VaultMeta | null> {
  const value = await (await database()).get(storeName, keyOf(userId, metaName));
  return isMeta(value) ? value : null;
}

export async function writeMeta(userId: string, meta: VaultMeta): Promise<void> {
  await (await database()).put(storeName, meta, keyOf(userId, metaName));
}

/** Stores a sealed record; the name "meta" is the clear record's and is refused. */
export async function putSealed(userId: string, name: string, sealed: SealedRecord): Promise<void> {
  if (name === metaName) throw new Error("The record name meta is reserved.");
  await (await database()).put(storeName, sealed, keyOf(userId, name));
}

/** A sealed record, or null when there is none (or what is stored is not one). */
export async function getSealed(userId: string, name: string): Promise<SealedRecord | null> {
  if (name === metaName) return null;
  const value = await (await database()).get(storeName, keyOf(userId, name));
  return isSealed(value) ? value : null;
}

/** Removes everything this device keeps for the person (meta included). */
export async function clearUser(userId: string): Promise<void> {
  const db = await database();
  const range = IDBKeyRange.bound(`${userId}:`, `${userId}:\uffff`);
  await db.delete(storeName, range);
}

/**
 * The people this device keeps a copy for (the ids its keys already carry), so the offline page, which has no
 * session, finds whose copy to unlock; the passkey decides whether it opens.
 */
export async function listUsers(): Promise<string[]> {
  const keys = await (await database()).getAllKeys(storeName);
  const suffix = `:${metaName}`;
  return keys.filter((key) => key.endsWith(suffix)).map((key) => key.slice(0, -suffix.length));
}
