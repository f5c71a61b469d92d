import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { listPage } from "@/db/list-page";
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
  return listPage(db, apiKeys, ["id", "name", "prefix", "scopes", "createdAt", "lastUsedAt", "revokedAt"], {
    where: eq(apiKeys.shopId, input.shopId),
    orderBy: [desc(apiKeys.createdAt)],
    limit: 200,
  });
}
