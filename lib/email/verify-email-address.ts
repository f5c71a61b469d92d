import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { hashVerificationToken } from "./email-token";

/**
 * Verifies the signed-in person's own email address with the token from the link sent to it: the token must be
 * the current one of their address and not expired, and works once (it is cleared). Any other token — someone
 * else's, an old one, a used one — is the same NOT_FOUND.
 */
export async function verifyEmailAddress(
  db: DbOrTx,
  actor: Actor,
  input: { token: string },
): Promise<{ address: string }> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has an email address.");
  const rows = await queryRows(
    db,
    { address: column.text },
    sql`update email_addresses set verified_at = now(), token_hash = null, token_expires_at = null
      where user_id = ${actor.userId} and token_hash = ${hashVerificationToken(input.token)}
        and token_expires_at > now()
      returning address`,
  );
  const row = rows[0];
  if (!row) {
    throw new AppError(
      "NOT_FOUND",
      "This link does not work any more (it was used, replaced by a newer one, or expired). Add your address again to get a new one.",
    );
  }
  return { address: row.address };
}
