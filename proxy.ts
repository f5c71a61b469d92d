import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, isForeignServerAction, newNonce } from "@/lib/auth/security-headers";

/** Pages that need a signed-in person: a visitor without a session cookie is sent to sign in first. */
const signedInArea = /^\/(?:wallet|merchant|admin)\/./;

/**
 * Runs before every page (not the API or static files):
 * - a server action posted from another site is a 403 (Next.js's own check would throw: a 500);
 * - a visitor without a session cookie who opens a page under /wallet/, /merchant/ or /admin/ is sent to sign
 *   in and back. It never decides access — pages and actions check the session against the database
 *   themselves (pageActor, the action wrappers);
 * - every page gets a Content-Security-Policy with a fresh nonce, which Next.js puts on its own scripts.
 */
export function proxy(request: NextRequest) {
  if (isForeignServerAction(request.method, request.headers)) {
    return new NextResponse("This request did not come from Scrip's own pages.", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const hasSessionCookie =
    request.cookies.has("scrip.session") || request.cookies.has("__Host-scrip.session");
  if (!hasSessionCookie && signedInArea.test(request.nextUrl.pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/signin";
    url.search = `?next=${encodeURIComponent(request.nextUrl.pathname)}`;
    return NextResponse.redirect(url);
  }
  const policy = contentSecurityPolicy(newNonce(), {
    https: (process.env.SCRIP_ORIGIN ?? "").startsWith("https://"),
    development: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|\\.well-known/).*)"],
};
