import "server-only";
import { cookies } from "next/headers";
import { getSessionConfig } from "./session-config";

/**
 * Deletes the session cookie of this response. The server-side session row is what counts (it is revoked
 * first); outside a request (tests calling an action's `run`) there is no cookie to delete.
 */
export async function clearSessionCookie(): Promise<void> {
  const { cookieName, secureCookies } = getSessionConfig();
  try {
    (await cookies()).delete({ name: cookieName, path: "/", secure: secureCookies, httpOnly: true });
  } catch {
    // Not in a request scope: nothing to clear.
  }
}
