import "server-only";
import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { issuerKeys } from "@/db/schema";
import { newId } from "@/lib/ids";
import { decryptPrivateKey, encryptPrivateKey } from "./key-encryption";
import type { IssuerKeyPurpose } from "./key-ring";

export interface SigningKey {
  kid: string;
  purpose: IssuerKeyPurpose;
  privateKey: KeyObject;
}

/**
 * How long this process keeps signing with the active key it last read. A key rotated by another process is
 * picked up within this time; signing with the just-retired key meanwhile is harmless because retired keys
 * stay published.
 */
const activeKeyTtlMs = 30_000;
const active = new Map<IssuerKeyPurpose, { key: SigningKey; readAt: number }>();

/** Forgets the cached active keys (after a rotation, or when a process switches databases, e.g. in tests). */
export function clearSigningKeyCache(): void {
  active.clear();
}

/** Serialises key creation and rotation per purpose inside the caller's transaction. */
export async function lockKeyPurpose(tx: DbOrTx, purpose: IssuerKeyPurpose): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`scrip:issuer_keys:${purpose}`}))`);
}

/** Creates a new active Ed25519 key for `purpose` (the caller holds the purpose lock and retired the old one). */
export async function insertIssuerKey(tx: DbOrTx, purpose: IssuerKeyPurpose): Promise<SigningKey> {
  const kid = newId("issuerKey");
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
  await tx.insert(issuerKeys).values({
    id: kid,
    purpose,
    status: "active",
    publicKey: x,
    privateKeyEncrypted: encryptPrivateKey(pkcs8, kid, purpose),
  });
  return { kid, purpose, privateKey };
}

/**
 * The active signing key for `purpose`, created on first use. Creation is race-safe: concurrent first uses
 * serialise on an advisory lock and the partial unique index allows one active key per purpose.
 */
export async function getSigningKey(db: DbOrTx, purpose: IssuerKeyPurpose): Promise<SigningKey> {
  const cached = active.get(purpose);
  if (cached && Date.now() - cached.readAt < activeKeyTtlMs) return cached.key;
  const readActive = async (tx: DbOrTx) => {
    const [row] = await tx
      .select({ kid: issuerKeys.id, encrypted: issuerKeys.privateKeyEncrypted })
      .from(issuerKeys)
      .where(and(eq(issuerKeys.purpose, purpose), eq(issuerKeys.status, "active")));
    if (!row) return undefined;
    const pkcs8 = decryptPrivateKey(row.encrypted, row.kid, purpose);
    return {
      kid: row.kid,
      purpose,
      privateKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }),
    };
  };
  let key = await readActive(db);
  if (!key) {
    key = await db.transaction(async (tx) => {
      await lockKeyPurpose(tx, purpose);
      return (await readActive(tx)) ?? (await insertIssuerKey(tx, purpose));
    });
  }
  active.set(purpose, { key, readAt: Date.now() });
  return key;
}
