// Standard Webhooks verification (https://www.standardwebhooks.com) with node:crypto only.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Signatures older or newer than this many seconds are refused (replay protection). */
export const toleranceSeconds = 5 * 60;

/**
 * Verifies one delivery: `webhook-signature` must hold a `v1,<base64>` HMAC-SHA256 of
 * `${webhook-id}.${webhook-timestamp}.${body}` made with `secret` (`whsec_<base64>`), and the timestamp must be
 * within `toleranceSeconds` of now. Returns the parsed payload, or throws an Error saying why not.
 *
 * @param {string} secret
 * @param {Record<string, string | string[] | undefined>} headers lower-case header names
 * @param {string} body the raw request body, exactly as received
 * @param {{ now?: number }} [options] now in seconds (for tests)
 */
export function verifyWebhook(secret, headers, body, options = {}) {
  const id = single(headers["webhook-id"]);
  const timestamp = single(headers["webhook-timestamp"]);
  const signatures = single(headers["webhook-signature"]);
  if (!id || !timestamp || !signatures) throw new Error("missing webhook headers");
  if (!/^\d{1,12}$/.test(timestamp)) throw new Error("malformed webhook-timestamp");
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > toleranceSeconds)
    throw new Error("webhook-timestamp outside the tolerance");
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  const expected = Buffer.from(
    `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`,
  );
  const matches = signatures
    .split(" ")
    .map((candidate) => Buffer.from(candidate))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  if (!matches) throw new Error("no valid signature");
  return { id, payload: JSON.parse(body) };
}

/** @param {string | string[] | undefined} value */
function single(value) {
  return Array.isArray(value) ? value[0] : value;
}
