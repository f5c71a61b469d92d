import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { newId } from "@/lib/ids";
import { createForShop } from "@/lib/shops/create-for-shop";
import type { ApiKeyScope } from "./api-key-scopes";
import { apiKeyCreateOperation, parseApiKeyInput } from "./begin-create-api-key";
import { hashApiKey } from "./verify-api-key";

/** Active (unrevoked) keys a shop may hold at once. */
export const activeApiKeysMax = 20;
/** Characters of the key kept visible to tell keys apart (`scrip_sk_` and six more). */
export const apiKeyPrefixLength = 15;

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  /** The key itself: returned this once, never stored. */
  key: string;
}

/**
 * Creates an API key for a shop (owner only, `shop.api_keys.write`): 256 random bits, stored as a SHA-256 hash
 * with its visible prefix; the key is returned once. At most `activeApiKeysMax` active keys per shop. A person
 * confirms with a passkey assertion over exactly this key (`beginCreateApiKey`), spent in the same transaction;
 * only the system (seed, maintenance) creates keys without one.
 */
export async function createApiKey(
  db: DbOrTx,
  actor: Actor,
  input: {
    shopId: string;
    name: string;
    scopes: readonly string[];
    authorization?: unknown;
    ip?: string | null;
  },
): Promise<CreatedApiKey> {
  requirePermission(actor, "shop.api_keys.write", { shopId: input.shopId });
  const { name, scopes } = parseApiKeyInput(input);
  const key = `scrip_sk_${randomBytes(32).toString("base64url")}`;
  const id = newId("apiKey");
  const prefix = key.slice(0, apiKeyPrefixLength);
  await createForShop(
    db,
    actor,
    {
      shopId: input.shopId,
      kind: "api_keys",
      operation: apiKeyCreateOperation({ shopId: input.shopId, name, scopes }),
      sent: input,
      confirm: "Confirm creating this API key with your passkey.",
      counted: { from: apiKeys, where: and(eq(apiKeys.shopId, input.shopId), isNull(apiKeys.revokedAt)) },
      max: activeApiKeysMax,
      tooMany: `A shop can have at most ${activeApiKeysMax} active API keys.`,
    },
    async (tx) => {
      await tx.insert(apiKeys).values({
        id,
        shopId: input.shopId,
        name,
        prefix,
        keyHash: hashApiKey(key),
        scopes,
        createdByUserId: actor.kind === "system" ? null : (actor.userId ?? null),
      });
      await recordAuditEvent(tx, {
        action: "api_key.created",
        actor,
        targetType: "api_key",
        targetId: id,
        data: { shopId: input.shopId, scopes },
      });
    },
  );
  return { id, name, prefix, scopes, key };
}
