import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { queryPreparedRows } from "@/db/prepared-rows";
import { column, queryRow, type RowOf } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { noteActor } from "@/lib/observability/work-context";
import { refuseIfSuspended } from "@/lib/parties/suspension";
import { rateLimitCountSql, refuseOverLimit } from "@/lib/rate-limit/consume-rate-limit";
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

type KeyRow = RowOf<typeof keyRow>;

/** The shop actor of a found key row; refuses a missing key, a deleted shop and a suspended one. */
function shopActorOf(row: KeyRow | undefined): Extract<Actor, { kind: "shop" }> {
  if (!row) throw new AppError("UNAUTHENTICATED", "This API key is not valid or was revoked.");
  if (!row.party_id) throw new AppError("UNAUTHENTICATED", "This API key's shop no longer exists.");
  noteActor(`shop:${row.shop_id}/key:${row.id}`);
  refuseIfSuspended(row.status, "useApi");
  return {
    kind: "shop",
    shopId: row.shop_id,
    partyId: row.party_id,
    apiKeyId: row.id,
    scopes: expandApiKeyScopes(row.scopes),
  };
}

const refusedKey = () => new AppError("UNAUTHENTICATED", "A valid API key is required.");
const plausibleKey = (key: unknown): key is string =>
  typeof key === "string" && key.length >= 16 && key.length <= 200;

/**
 * The shop actor a bearer API key stands for, with the key's scopes; refuses unknown and revoked keys with
 * UNAUTHENTICATED and keys of a suspended shop with ACCOUNT_SUSPENDED. One statement reads the key and its shop
 * and records the key's last use, to the minute (a write per call would make every request of a busy shop
 * update the same row). The actor's scopes are the key's scope names and the permissions they carry
 * (api-key-scopes.ts).
 */
export async function verifyApiKey(db: DbOrTx, key: string): Promise<Extract<Actor, { kind: "shop" }>> {
  if (!plausibleKey(key)) throw refusedKey();
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
  return shopActorOf(row);
}

const keyAndCountRow = { ...keyRow, count: column.intOrNull, retry_after: column.intOrNull };

/**
 * verifyApiKey and the key's request rate (`api:key:<key id>`, consumeRateLimit's fixed window) in one
 * prepared statement, one round trip: the API's authentication on every call (lib/api/api-route.ts). Refuses as
 * verifyApiKey does, and with RATE_LIMITED past `limit.limit` calls in the window; a call of an unknown or
 * revoked key counts nothing. Revocation takes effect on the next call: nothing is cached.
 *
 * The statement commits asynchronously (`synchronous_commit` off for its own transaction only, hence `db`
 * and never a caller's transaction): it writes only bookkeeping, the rate-limit counter and the key's last
 * use to the minute, and waiting for their WAL flush was most of a verify call's time on the database. A crash
 * of PostgreSQL may lose the last few hundred milliseconds of such commits: a key gets a few more calls in that
 * window than its limit, and a last use may read a minute older. Nothing of value is written here.
 */
export async function authenticateApiKey(
  db: Db,
  key: string,
  limit: { limit: number; windowSeconds: number; message: string },
): Promise<Extract<Actor, { kind: "shop" }>> {
  if (!plausibleKey(key)) throw refusedKey();
  const [row] = await queryPreparedRows(
    db,
    keyAndCountRow,
    sql`with found as (
      select k.id, k.shop_id, k.scopes, k.last_used_at, s.party_id, p.status::text as status
      from api_keys k left join shops s on s.id = k.shop_id left join parties p on p.id = s.party_id
      where k.key_hash = ${hashApiKey(key)} and k.revoked_at is null),
    touched as (
      update api_keys set last_used_at = now() from found
      where api_keys.id = found.id
        and (found.last_used_at is null or found.last_used_at < now() - ${apiKeyLastUsedResolution}::interval)),
    counted as (${rateLimitCountSql(sql`'api:key:' || found.id`, limit.windowSeconds, sql`from found`)})
    select found.id, found.shop_id, found.scopes, found.party_id, found.status, counted.count, counted.retry_after,
      set_config('synchronous_commit', 'off', true) as commit_mode
    from found left join counted on true`,
  );
  const actor = shopActorOf(row);
  if (row?.count == null || row.retry_after == null) throw new Error("the API key's request was not counted");
  refuseOverLimit(limit, { count: row.count, retry_after: row.retry_after }, limit.message);
  return actor;
}
