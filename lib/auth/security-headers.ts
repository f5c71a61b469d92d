/**
 * The browser-facing hardening of Scrip's pages, computed per request in proxy.ts (and, for HSTS, by
 * scripts/server.ts on every response). Pure functions, so they run in the proxy and in unit tests alike.
 */

/** A fresh, unguessable nonce for one response's scripts (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy of a page: scripts only from Scrip, each carrying this response's nonce
 * ('strict-dynamic' lets those load Next's chunks), no eval outside development, images also from data:/blob:
 * (QR codes), requests only to Scrip, never framed, forms only to Scrip, no plugins, no <base>.
 * Styles allow inline attributes: React's `style` props need them, and styles cannot run code.
 */
export function contentSecurityPolicy(
  nonce: string,
  options: { https: boolean; development: boolean },
): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:", // qr-scanner decodes in a worker made from a blob
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Which powerful browser features Scrip's pages may use: the camera (scanning QR codes) and nothing else. */
export const permissionsPolicy =
  "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), interest-cohort=()";

/**
 * The headers on every response, pages and API alike: next.config.ts headers() sends them through Next.js, and
 * scripts/api-lane.ts on the API answers it serves itself.
 */
export const securityHeaders: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: permissionsPolicy },
];

/** HSTS for an https origin (two years, subdomains too); nothing over plain http, which it would lock out. */
export function strictTransportSecurity(origin: string | undefined): string | null {
  return origin?.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}

/**
 * Whether a request is a server action posted from another site: a POST with a `Next-Action` header whose
 * Origin names another host than the one it was sent to (X-Forwarded-Host, else Host — the hosts Next.js
 * itself compares, and which scripts/server.ts takes only from trusted proxies). Next.js refuses those by
 * throwing, which answers 500; the proxy answers 403 first. A missing Origin passes as it does in Next.js
 * (browsers always send one with a POST); the opaque origin "null" is foreign.
 */
export function isForeignServerAction(method: string, headers: Headers): boolean {
  if (method !== "POST" || !headers.has("next-action")) return false;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const forwardedHost = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwardedHost || headers.get("host");
  return !host || originHost !== host;
}
