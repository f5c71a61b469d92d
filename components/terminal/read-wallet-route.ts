"use client";

/**
 * A wallet route's answer (`{ data }`, lib/auth/with-session.ts) for the terminal, or why there is none in words a
 * person can act on: no network, signed out, the wallet locked, or Scrip unable to answer. `purpose` ends the
 * sentences ("to refresh this copy"), `what` names what was asked for ("your coupons").
 */
export async function readWalletRoute(
  url: string,
  init: RequestInit,
  words: { purpose: string; what: string },
): Promise<{ data: unknown } | { error: string }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: "no-store", credentials: "same-origin" });
  } catch {
    return { error: "Scrip cannot be reached: no network." };
  }
  if (response.status === 401) return { error: `Sign in again ${words.purpose}.` };
  if (response.status === 423) return { error: `Unlock your wallet with your passkey ${words.purpose}.` };
  if (!response.ok) return { error: `Scrip could not send ${words.what} just now. Try again in a moment.` };
  const body = (await response.json().catch(() => null)) as { data?: unknown } | null;
  return { data: body?.data ?? null };
}
