// Browser-side passkey helpers. Imported only by client components; never imports server modules.
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import type { ActionResult } from "@/lib/auth/action-result";

export type ClientError = { code: string; message: string; retryAfterSeconds?: number };
export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ClientError };

/** POSTs JSON to one of Scrip's route handlers and returns `{ data }` or its `{ error }` (429 included). */
export async function postJson<T>(url: string, body: unknown): Promise<Outcome<T>> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => null)) as { data?: T; error?: ClientError } | null;
    if (response.ok && json && "data" in json) return { ok: true, data: json.data as T };
    const retryAfter = Number(response.headers.get("Retry-After") ?? 0);
    return {
      ok: false,
      error: {
        code: json?.error?.code ?? "INTERNAL",
        message: json?.error?.message ?? "Something went wrong; please try again.",
        ...(retryAfter ? { retryAfterSeconds: retryAfter } : {}),
      },
    };
  } catch {
    return {
      ok: false,
      error: { code: "NETWORK", message: "Scrip could not be reached; check your connection." },
    };
  }
}

/** A readable message for what the browser's WebAuthn call threw. */
export function passkeyErrorOf(error: unknown): ClientError {
  const name = (error as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "AbortError") {
    return { code: "PASSKEY_CANCELLED", message: "The passkey request was cancelled or timed out." };
  }
  if (name === "InvalidStateError") {
    return {
      code: "PASSKEY_EXISTS",
      message: "This authenticator already holds a passkey for this account.",
    };
  }
  return { code: "PASSKEY_FAILED", message: "Your browser could not use a passkey here." };
}

async function exchangeProof(proof: string): Promise<Outcome<null>> {
  const result = await signIn("passkey", { proof, redirect: false });
  if (!result?.ok || result.error) {
    return {
      ok: false,
      error: { code: "UNAUTHENTICATED", message: "Signing in did not complete; please try again." },
    };
  }
  return { ok: true, data: null };
}

/**
 * Signs in with a discoverable passkey: with `autofill`, waits for the person to pick one in the username
 * field's autofill (conditional UI); otherwise opens the browser's passkey dialog.
 */
export async function signInWithPasskey(options: { autofill?: boolean } = {}): Promise<Outcome<null>> {
  const begun = await postJson<PublicKeyCredentialRequestOptionsJSON>(
    "/api/auth/passkey/sign-in/options",
    {},
  );
  if (!begun.ok) return begun;
  let response: AuthenticationResponseJSON;
  try {
    response = await startAuthentication({
      optionsJSON: begun.data,
      useBrowserAutofill: options.autofill ?? false,
    });
  } catch (error) {
    return { ok: false, error: passkeyErrorOf(error) };
  }
  const verified = await postJson<{ proof: string }>("/api/auth/passkey/sign-in/verify", { response });
  if (!verified.ok) return verified;
  return exchangeProof(verified.data.proof);
}

/** Creates an account with a new discoverable passkey and signs in; answers the recovery codes to show once. */
export async function signUpWithPasskey(input: {
  handle: string;
  displayName: string;
}): Promise<Outcome<{ recoveryCodes: string[] }>> {
  const begun = await postJson<PublicKeyCredentialCreationOptionsJSON>(
    "/api/auth/passkey/sign-up/options",
    input,
  );
  if (!begun.ok) return begun;
  let response: RegistrationResponseJSON;
  try {
    response = await startRegistration({ optionsJSON: begun.data });
  } catch (error) {
    return { ok: false, error: passkeyErrorOf(error) };
  }
  const verified = await postJson<{ proof: string; recoveryCodes: string[] }>(
    "/api/auth/passkey/sign-up/verify",
    { response },
  );
  if (!verified.ok) return verified;
  const signedIn = await exchangeProof(verified.data.proof);
  if (!signedIn.ok) return signedIn;
  return { ok: true, data: { recoveryCodes: verified.data.recoveryCodes } };
}

/**
 * Recovers an account with a handle and a recovery code: creates a new passkey for it and signs in (every other
 * session of the account ends).
 */
export async function recoverWithCode(input: { handle: string; code: string }): Promise<Outcome<null>> {
  const begun = await postJson<PublicKeyCredentialCreationOptionsJSON>("/api/auth/recover/options", input);
  if (!begun.ok) return begun;
  let response: RegistrationResponseJSON;
  try {
    response = await startRegistration({ optionsJSON: begun.data });
  } catch (error) {
    return { ok: false, error: passkeyErrorOf(error) };
  }
  const verified = await postJson<{ proof: string }>("/api/auth/recover/verify", { ...input, response });
  if (!verified.ok) return verified;
  return exchangeProof(verified.data.proof);
}

/** Registers another passkey through a pair of server actions (options, then verification). */
export async function addPasskey<T>(
  getOptions: () => Promise<ActionResult<PublicKeyCredentialCreationOptionsJSON>>,
  finish: (response: RegistrationResponseJSON) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const begun = await getOptions();
  if (!begun.ok) return begun;
  let response: RegistrationResponseJSON;
  try {
    response = await startRegistration({ optionsJSON: begun.data });
  } catch (error) {
    return { ok: false, error: passkeyErrorOf(error) };
  }
  return finish(response);
}

/**
 * The browser half of `requireStepUp(operation)`: asks the server for a challenge bound to the operation
 * (`getOptions`, a server action that builds the operation from validated input), has the person confirm it
 * with their passkey, and sends the assertion back with the action (`perform`).
 */
export async function withStepUp<T>(
  getOptions: () => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>,
  perform: (stepUp: AuthenticationResponseJSON) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const begun = await getOptions();
  if (!begun.ok) return begun;
  let response: AuthenticationResponseJSON;
  try {
    response = await startAuthentication({ optionsJSON: begun.data });
  } catch (error) {
    return { ok: false, error: passkeyErrorOf(error) };
  }
  return perform(response);
}
