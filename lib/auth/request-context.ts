import "server-only";
import { cookies, headers } from "next/headers";
import { decode } from "next-auth/jwt";
import { type Db, getDb } from "@/db/client";
import { type RequestMeta, requestMetaFromHeaders } from "@/lib/http/request-meta";
import { getSessionConfig } from "./session-config";

/** What an entry point knows about its request before authenticating: the database, session id and client. */
export interface RequestContext {
  db: Db;
  /** The server-side session the session cookie names (not yet checked), or null. */
  sessionId: string | null;
  meta: RequestMeta;
}

/** The session id inside next-auth's session cookie (a JWT carrying only `sid`), or null. */
export async function sessionIdFromCookie(token: string | undefined): Promise<string | null> {
  const secret = process.env.AUTH_SECRET;
  if (!token || !secret) return null;
  try {
    const payload = await decode({ token, secret });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
}

/** The current request's context, from its cookies and headers. */
export async function getRequestContext(): Promise<RequestContext> {
  const cookieStore = await cookies();
  const token = cookieStore.get(getSessionConfig().cookieName)?.value;
  return {
    db: getDb(),
    sessionId: await sessionIdFromCookie(token),
    meta: requestMetaFromHeaders(await headers()),
  };
}
