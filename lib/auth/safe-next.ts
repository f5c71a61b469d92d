/** A same-site path to go to after signing in; anything else (other sites, `//host`) falls back to /wallet. */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/wallet";
  return next.slice(0, 500);
}
