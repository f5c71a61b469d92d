/** Client address and agent of a request, as far as headers tell; capped so input cannot grow the database. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** The first X-Forwarded-For hop (or X-Real-IP) and the User-Agent; set by the proxy in front of Scrip. */
export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || null;
  const userAgent = headers.get("user-agent");
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: userAgent ? userAgent.slice(0, 300) : null };
}
