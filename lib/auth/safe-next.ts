/** Where every sign-in and sign-up goes when `next` is missing or unsafe. */
const fallback = "/wallet";
/** Stands in for Scrip's origin: only whether `next` stays on the same origin matters, not which one it is. */
const base = new URL("https://scrip.invalid");

/**
 * A same-origin path to go to after signing in or up, resolved the way a browser resolves it (`new URL(next,
 * origin)`): URL parsers drop tab, LF and CR and read `\` as `/`, so `/\t/evil.com` is `//evil.com`, another
 * site. Anything that resolves off Scrip's origin, or to a protocol-relative path, or is not one string (a
 * repeated query parameter is an array) falls back to /wallet. The answer is the serialised path, query and
 * fragment, so it never holds a control character and can go into a Location header.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 500) return fallback;
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Percent-encoded slashes stay encoded, but a path that starts with two slashes (or a slash and a
  // backslash) after normalising ("/.//evil.com") is protocol-relative wherever it is written as is.
  if (/^\/[/\\]/.test(path) || /[\\\s]/.test(path)) return fallback;
  return path;
}
