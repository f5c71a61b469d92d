/**
 * What a scanned or pasted text asks for, read in the browser before anything is sent: a payment request's page
 * or a claim link of this Scrip (same origin only), a till's six-character payment code, a coupon (its token),
 * another site's address, or nothing Scrip knows.
 */
export type ScanTarget =
  | { kind: "pay"; path: string }
  | { kind: "claim"; path: string }
  | { kind: "code"; code: string }
  | { kind: "coupon"; token: string }
  | { kind: "foreign" }
  | { kind: "unknown" };

const payPath = /^\/pay\/pay_[A-Za-z0-9_-]{22}$/;
const claimPath = /^\/claim\/scc_[A-Za-z0-9_-]{22}$/;
const codeText = /^[0-9A-Za-z]{3}[\s-]?[0-9A-Za-z]{3}$/;

/** Reads `text` (at most 4,000 characters are considered) against this page's `origin`. */
export function readScanTarget(text: string, origin: string): ScanTarget {
  const value = text.trim();
  if (value.length === 0 || value.length > 4000) return { kind: "unknown" };
  if (/^scrip1\./.test(value) || value.startsWith("SCRIP2.")) return { kind: "coupon", token: value };
  if (codeText.test(value)) return { kind: "code", code: value };
  let url: URL;
  try {
    url = new URL(value, value.startsWith("/") ? origin : undefined);
  } catch {
    return { kind: "unknown" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { kind: "unknown" };
  if (url.origin !== origin) return { kind: "foreign" };
  if (payPath.test(url.pathname)) return { kind: "pay", path: url.pathname };
  if (claimPath.test(url.pathname)) return { kind: "claim", path: `${url.pathname}${url.search}${url.hash}` };
  return { kind: "unknown" };
}
