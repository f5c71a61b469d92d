import "server-only";
import { cookies } from "next/headers";
import { getSessionConfig } from "@/lib/auth/session-config";

/** The cookie that lets an account recognise a browser it signed in from before (one year). */
const cookieName = () => (getSessionConfig().secureCookies ? "__Host-scrip.browser" : "scrip.browser");
const maxAgeSeconds = 365 * 24 * 60 * 60;

/** This request's browser token, or null (also outside a request, e.g. in tests calling a route's `run`). */
export async function readBrowserToken(): Promise<string | null> {
  try {
    return (await cookies()).get(cookieName())?.value ?? null;
  } catch {
    return null;
  }
}

/** Sets the browser token cookie on this response (nothing outside a request). */
export async function writeBrowserToken(token: string): Promise<void> {
  try {
    (await cookies()).set(cookieName(), token, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: getSessionConfig().secureCookies,
      maxAge: maxAgeSeconds,
    });
  } catch {
    // Not in a request scope: nothing to set.
  }
}
