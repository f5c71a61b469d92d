import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { webhookEndpoints } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { encryptWebhookSecret } from "./webhook-secret-store";
import { newWebhookSecret } from "./webhook-signature";

/** How long the replaced secret keeps signing deliveries alongside the new one. */
export const previousSecretGraceSeconds = 24 * 3600;

/**
 * Rotates an endpoint's signing secret (owner only): the new secret signs at once, and the old one keeps
 * signing too for `previousSecretGraceSeconds`, so receivers can switch without losing a delivery.
 */
export async function rotateWebhookSecret(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; endpointId: string },
): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  const secret = newWebhookSecret();
  const previousSecretExpiresAt = new Date(Date.now() + previousSecretGraceSeconds * 1000);
  await inTransaction(db, async (tx) => {
    // The replaced secret is the row's value before this update.
    const rotated = await tx
      .update(webhookEndpoints)
      .set({
        secretEncrypted: encryptWebhookSecret(secret, input.endpointId),
        previousSecretEncrypted: sql`${webhookEndpoints.secretEncrypted}`,
        previousSecretExpiresAt,
      })
      .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.shopId, input.shopId)))
      .returning({ id: webhookEndpoints.id });
    if (rotated.length !== 1) throw new AppError("NOT_FOUND", "There is no such webhook endpoint.");
    await recordAuditEvent(tx, {
      action: "webhook_endpoint.secret_rotated",
      actor,
      targetType: "webhook_endpoint",
      targetId: input.endpointId,
      data: { shopId: input.shopId },
    });
  });
  return { secret, previousSecretExpiresAt };
}
