import "server-only";
import { decryptPrivateKey, encryptPrivateKey } from "@/lib/keys/key-encryption";

/** Webhook secrets are encrypted at rest with the key-encryption key, bound to their endpoint and slot. */
const purpose = "webhook-secret";

export const encryptWebhookSecret = (secret: string, endpointId: string) =>
  encryptPrivateKey(Buffer.from(secret, "utf8"), endpointId, purpose);

export const decryptWebhookSecret = (encrypted: string, endpointId: string) =>
  decryptPrivateKey(encrypted, endpointId, purpose).toString("utf8");

/** The secrets a delivery is signed with: the current one, and the previous one until its rotation grace ends. */
export function activeWebhookSecrets(
  endpoint: {
    id: string;
    secretEncrypted: string;
    previousSecretEncrypted: string | null;
    previousSecretExpiresAt: Date | null;
  },
  now: Date,
): string[] {
  const secrets = [decryptWebhookSecret(endpoint.secretEncrypted, endpoint.id)];
  if (
    endpoint.previousSecretEncrypted &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > now
  ) {
    secrets.push(decryptWebhookSecret(endpoint.previousSecretEncrypted, endpoint.id));
  }
  return secrets;
}
