import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { emailAddresses } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import type { OptionalEmailKind } from "@/lib/notifications/notification-kinds";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { issueMessage } from "@/lib/validation/issue-message";
import { emailAddressSchema } from "./email-address-schema";
import { emailEnabled } from "./mail-transport";

/** Addresses a person may add per hour (each sends a verification email). */
export const emailAddsPerHour = 5;

export interface EmailSettings {
  address: string | null;
  verified: boolean;
  optedOut: OptionalEmailKind[];
}

function personOf(actor: Actor): string {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has email settings.");
  return actor.userId;
}

/** The signed-in person's own email address, whether it is verified, and the kinds they turned off. */
export async function getEmailSettings(db: DbOrTx, actor: Actor): Promise<EmailSettings> {
  const userId = personOf(actor);
  const [row] = await db.select().from(emailAddresses).where(eq(emailAddresses.userId, userId));
  if (!row) return { address: null, verified: false, optedOut: [] };
  return {
    address: row.address,
    verified: row.verifiedAt !== null,
    optedOut: row.optedOut.filter((kind): kind is OptionalEmailKind => kind !== "security"),
  };
}

/**
 * Sets the signed-in person's email address (replacing any earlier one, which stops receiving email at once) as
 * not yet verified. The caller then enqueues `send-verification-email`; nothing is sent to an address until its
 * owner opened the link. Limited to `emailAddsPerHour` per person.
 */
export async function setEmailAddress(
  db: DbOrTx,
  actor: Actor,
  input: { address: unknown },
): Promise<{ userId: string; address: string }> {
  const userId = personOf(actor);
  if (!emailEnabled()) throw new AppError("FORBIDDEN", "Email is not set up on this Scrip.");
  const parsed = emailAddressSchema.safeParse(input.address);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", issueMessage(parsed.error.issues[0]));
  }
  const address = parsed.data;
  await consumeRateLimit(
    db,
    { key: `email.add:account:${userId}`, limit: emailAddsPerHour, windowSeconds: 3600 },
    "You changed your email address too often; try again in an hour.",
  );
  await db
    .insert(emailAddresses)
    .values({ userId, address })
    .onConflictDoUpdate({
      target: emailAddresses.userId,
      set: { address, verifiedAt: null, tokenHash: null, tokenExpiresAt: null, createdAt: sql`now()` },
    });
  return { userId, address };
}

/** Removes the signed-in person's email address: no more email of any kind. */
export async function removeEmailAddress(db: DbOrTx, actor: Actor): Promise<void> {
  const userId = personOf(actor);
  await db.delete(emailAddresses).where(eq(emailAddresses.userId, userId));
}

/**
 * Sets which kinds the signed-in person does not want by email (security is not among them: it is always sent).
 * Needs an address on the account.
 */
export async function setEmailOptOuts(
  db: DbOrTx,
  actor: Actor,
  input: { optedOut: readonly OptionalEmailKind[] },
): Promise<void> {
  const userId = personOf(actor);
  const optedOut = [...new Set(input.optedOut)];
  const updated = await db
    .update(emailAddresses)
    .set({ optedOut })
    .where(and(eq(emailAddresses.userId, userId)))
    .returning({ userId: emailAddresses.userId });
  if (updated.length === 0) throw new AppError("NOT_FOUND", "Add an email address first.");
}
