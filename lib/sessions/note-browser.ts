import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { knownBrowsers } from "@/db/schema";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { describeBrowser } from "./describe-browser";

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * Remembers the browser an account signs in from, by a long-lived random cookie (`token`, only its hash is
 * stored). A browser the account has not used before gets a "signed in from a new browser" security event,
 * unless `quiet` (the sign-up browser, or a recovery, which has its own event). Returns the token for the
 * browser's cookie: its own if it had a well-formed one, else a new one.
 */
export async function noteBrowser(
  tx: DbOrTx,
  input: {
    userId: string;
    token: string | null;
    ip: string | null;
    userAgent: string | null;
    quiet?: boolean;
  },
): Promise<{ token: string; isNew: boolean }> {
  const token =
    input.token && tokenPattern.test(input.token) ? input.token : randomBytes(32).toString("base64url");
  const tokenHash = hashOf(token);
  const seen = await tx
    .update(knownBrowsers)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(knownBrowsers.userId, input.userId), eq(knownBrowsers.tokenHash, tokenHash)))
    .returning({ userId: knownBrowsers.userId });
  if (seen.length > 0) return { token, isNew: false };
  await tx.insert(knownBrowsers).values({ userId: input.userId, tokenHash }).onConflictDoNothing();
  if (!input.quiet) {
    await recordSecurityEvent(tx, {
      userId: input.userId,
      kind: "new_browser_sign_in",
      detail: describeBrowser(input.userAgent),
      ip: input.ip,
    });
  }
  return { token, isNew: true };
}
