import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { refuseIfSuspended } from "@/lib/parties/suspension";
import { expandApiKeyScopes } from "./api-key-scopes";

/** API keys are stored only as this hash (SHA-256, base64url); the key itself is shown once. */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("base64url");

/** A key's last use is written at most this often, so busy API clients do not write a row on every call. */
export const apiKeyLastUsedResolution = "1 minute";

const keyRow = {
  id: column.text,
  shop_id: column.text,
  scopes: column.textArray,
  party_id: column.textOrNull,
  status: column.textOrNull,
};

/**
 * The shop actor a bearer API key stands for, with the key's scopes; refuses unknown and revoked keys with
 * UNAUTHENTICATED and keys of a suspended shop with ACCOUNT_SUSPENDED. One statement reads the key and its shop
 * and records the key's last use, to the minute (a write per call would make every request of a busy shop
 * update the same row). The actor's scopes are the key's scope names and the permissions they carry
 * (api-key-scopes.ts).
 */
export async function verifyApiKey(db: DbOrTx, key: string): Promise<Extract<Actor, { kind: "shop" }>> {
  if (typeof key !== "string" || key.length < 16 || key.length > 200) {
    throw new AppError("UNAUTHENTICATED", "A valid API key is required.");
  }
  const row = await queryRow(
    db,
    keyRow,
    sql`with found as (
      select id, shop_id, scopes, last_used_at from api_keys where key_hash = ${hashApiKey(key)} and revoked_at is null),
    touched as (
      update api_keys set last_used_at = now() from found
      where api_keys.id = found.id
        and (found.last_used_at is null or found.last_used_at < now() - ${apiKeyLastUsedResolution}::interval))
    select found.id, found.shop_id, found.scopes, s.party_id, p.status::text as status
    from found left join shops s on s.id = found.shop_id left join parties p on p.id = s.party_id`,
  );
  if (!row) throw new AppError("UNAUTHENTICATED", "This API key is not valid or was revoked.");
  if (!row.party_id) throw new AppError("UNAUTHENTICATED", "This API key's shop no longer exists.");
  refuseIfSuspended(row.status, "useApi");
  return {
    kind: "shop",
    shopId: row.shop_id,
    partyId: row.party_id,
    apiKeyId: row.id,
    scopes: expandApiKeyScopes(row.scopes),
  };
}
