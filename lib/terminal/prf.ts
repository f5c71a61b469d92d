/**
 * The WebAuthn PRF extension as the terminal uses it (issue #16): one fixed, versioned input per site, so the same
 * passkey always gives the same secret, and the output read from an assertion. Browser only.
 */

let input: Promise<Uint8Array<ArrayBuffer>> | null = null;

/** The PRF input: SHA-256("scrip wallet prf v1"). */
export function prfInput(): Promise<Uint8Array<ArrayBuffer>> {
  input ??= globalThis.crypto.subtle
    .digest("SHA-256", new TextEncoder().encode("scrip wallet prf v1"))
    .then((digest) => new Uint8Array(digest));
  return input;
}

/** The `extensions` of an assertion that evaluates PRF on the site's input. */
export async function prfExtensionInput(): Promise<{ prf: { eval: { first: Uint8Array<ArrayBuffer> } } }> {
  return { prf: { eval: { first: await prfInput() } } };
}

/** The PRF output of an assertion, or null when the authenticator gave none (it has no PRF). */
export function prfOutputOf(credential: {
  getClientExtensionResults(): AuthenticationExtensionsClientOutputs;
}): ArrayBuffer | null {
  return resultOf(credential.getClientExtensionResults());
}

/** The PRF output in client extension results (as `startAuthentication` returns them), or null. */
export function resultOf(results: unknown): ArrayBuffer | null {
  const first = (results as { prf?: { results?: { first?: unknown } } } | undefined)?.prf?.results?.first;
  if (!first) return null;
  if (first instanceof ArrayBuffer) return first;
  if (ArrayBuffer.isView(first)) {
    return first.buffer.slice(first.byteOffset, first.byteOffset + first.byteLength) as ArrayBuffer;
  }
  return null;
}

/**
 * The extension results without the PRF output, to send to the server: the output is the key's secret and never
 * leaves the browser.
 */
export function withoutPrfOutput<T extends { clientExtensionResults?: object }>(response: T): T {
  const { prf: _prf, ...rest } = (response.clientExtensionResults ?? {}) as { prf?: unknown };
  return { ...response, clientExtensionResults: rest };
}
