import { type NextRequest, NextResponse } from "next/server";

/**
 * Redirects only: a visitor without a session cookie who opens a page under /wallet/, /merchant/ or
 * /admin/ is sent to sign in and back. It never decides access — pages and actions check the session
 * against the database themselves (getCurrentSession, requireUser, the action wrappers).
 */
export function proxy(request: NextRequest) {
  const hasSessionCookie =
    request.cookies.has("scrip.session") || request.cookies.has("__Host-scrip.session");
  if (hasSessionCookie) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/wallet/:path+", "/merchant/:path+", "/admin/:path+"] };
