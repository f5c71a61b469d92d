import "server-only";
import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys, parties, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { expandApiKeyScopes } from "./api-key-scopes";

/** API keys are stored only as this hash (SHA-256, base64url); the key itself is shown once. */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("base64url");

/**
 * The shop actor a bearer API key stands for, with the key's scopes; refuses unknown and revoked keys with
 * UNAUTHENTICATED, keys of a suspended shop with ACCOUNT_SUSPENDED, and records the key's last use. The actor's scopes are the key's scope names and the
 * permissions they carry (api-key-scopes.ts).
 */
export async function verifyApiKey(db: DbOrTx, key: string): Promise<Extract<Actor, { kind: "shop" }>> {
  if (typeof key !== "string" || key.length < 16 || key.length > 200) {
    throw new AppError("UNAUTHENTICATED", "A valid API key is required.");
  }
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, shopId: apiKeys.shopId, scopes: apiKeys.scopes });
  if (!row) throw new AppError("UNAUTHENTICATED", "This API key is not valid or was revoked.");
  const [shop] = await db
    .select({ partyId: shops.partyId, status: parties.status })
    .from(shops)
    .innerJoin(parties, eq(parties.id, shops.partyId))
    .where(eq(shops.id, row.shopId));
  if (!shop) throw new AppError("UNAUTHENTICATED", "This API key's shop no longer exists.");
  if (shop.status !== "active") throw new AppError("ACCOUNT_SUSPENDED", "This shop is suspended.");
  return {
    kind: "shop",
    shopId: row.shopId,
    partyId: shop.partyId,
    apiKeyId: row.id,
    scopes: expandApiKeyScopes(row.scopes),
  };
}
