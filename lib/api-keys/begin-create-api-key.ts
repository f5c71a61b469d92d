import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { type ApiKeyScope, isApiKeyScope } from "./api-key-scopes";

/** A key's name (trimmed, 1–60 characters) and its scopes (a non-empty set of known ones, first mention kept). */
export function parseApiKeyInput(input: { name: string; scopes: readonly string[] }): {
  name: string;
  scopes: ApiKeyScope[];
} {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 60)
    throw new AppError("VALIDATION_FAILED", "Name the key (1–60 characters).");
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0 || !scopes.every(isApiKeyScope)) {
    throw new AppError("VALIDATION_FAILED", "Choose at least one scope: read, payments or conversions.");
  }
  return { name, scopes: scopes as ApiKeyScope[] };
}

/** The operation a passkey confirms when an owner creates an API key: this shop, this name, these scopes. */
export function apiKeyCreateOperation(input: {
  shopId: string;
  name: string;
  scopes: ApiKeyScope[];
}): Operation {
  // Sorted: the same set of scopes is the same operation, whatever order the form sent them in.
  return {
    type: "shop.api_key.create",
    shopId: input.shopId,
    name: input.name,
    scopes: [...input.scopes].sort(),
  };
}

/**
 * Step-up options for creating an API key (owner only, `shop.api_keys.write`): the challenge commits to the
 * shop, the key's name and its exact set of scopes, so the confirmation cannot be spent on another key.
 */
export async function beginCreateApiKey(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; name: string; scopes: readonly string[]; ip: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; name: string; scopes: ApiKeyScope[] }> {
  requirePermission(actor, "shop.api_keys.write", { shopId: input.shopId });
  const { name, scopes } = parseApiKeyInput(input);
  const operation = apiKeyCreateOperation({ shopId: input.shopId, name, scopes });
  return { options: await beginStepUp(db, { actor, operation, ip: input.ip }), name, scopes };
}
