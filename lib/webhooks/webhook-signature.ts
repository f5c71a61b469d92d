import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): secrets are `whsec_` + base64 of 24–64 random
 * bytes; the signature is `v1,` + base64(HMAC-SHA256(secret bytes, `${id}.${timestamp}.${body}`)), and the
 * `webhook-signature` header lists one signature per active secret, separated by spaces.
 */
export const webhookSecretPrefix = "whsec_";

export function newWebhookSecret(): string {
  return `${webhookSecretPrefix}${randomBytes(32).toString("base64")}`;
}

function secretBytes(secret: string): Buffer {
  const encoded = secret.startsWith(webhookSecretPrefix) ? secret.slice(webhookSecretPrefix.length) : secret;
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length < 16 || bytes.length > 128) throw new Error("webhook secret has the wrong length");
  return bytes;
}

/** The `v1,<base64>` signature of one message with one secret. */
export function signWebhook(secret: string, input: { id: string; timestamp: number; body: string }): string {
  const mac = createHmac("sha256", secretBytes(secret))
    .update(`${input.id}.${input.timestamp}.${input.body}`)
    .digest("base64");
  return `v1,${mac}`;
}

/** The three headers of a delivery, signed with every active secret (two during a rotation). */
export function webhookHeaders(
  secrets: readonly string[],
  input: { id: string; timestamp: number; body: string },
): Record<string, string> {
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": secrets.map((secret) => signWebhook(secret, input)).join(" "),
  };
}

/** True when one of the header's `v1` signatures matches `secret` (constant-time comparison). */
export function hasValidSignature(
  secret: string,
  header: string,
  input: { id: string; timestamp: number; body: string },
): boolean {
  const expected = Buffer.from(signWebhook(secret, input));
  return header
    .split(" ")
    .map((part) => Buffer.from(part))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}
