import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A shop's API keys, newest first, without their hashes (owner only: `shop.api_keys.write`). */
export async function listApiKeys(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string },
): Promise<ApiKeySummary[]> {
  requirePermission(actor, "shop.api_keys.write", { shopId: input.shopId });
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.shopId, input.shopId))
    .orderBy(desc(apiKeys.createdAt))
    .limit(200);
}
