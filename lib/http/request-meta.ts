import { clientAddressHeader } from "./client-address";

/** Client address and agent of a request, as far as headers tell; capped so input cannot grow the database. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/**
 * The client address that Scrip's own server (scripts/server.ts) computed from the socket and the trusted
 * proxies, and the User-Agent. X-Forwarded-For and X-Real-IP are never read: a client writes them as it likes.
 */
export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  const ip = headers.get(clientAddressHeader)?.trim() || null;
  const userAgent = headers.get("user-agent");
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: userAgent ? userAgent.slice(0, 300) : null };
}
