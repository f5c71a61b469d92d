import type { Operation } from "@/lib/auth/operations";

/**
 * The step-up operations that change how an account is protected. Each is bound to what it changes (the
 * passkey, the new name) or, where nothing else names it, to the session asking, so an assertion made for one
 * change or one browser cannot be used for another.
 */
export const accountOperations = {
  /** Permission to ask for a new passkey's registration challenge in this session. */
  addPasskey: (sessionId: string): Operation => ({ type: "passkey.add", sessionId }),
  removePasskey: (passkeyId: string): Operation => ({ type: "passkey.remove", passkeyId }),
  renamePasskey: (passkeyId: string, name: string): Operation => ({
    type: "passkey.rename",
    passkeyId,
    name,
  }),
  signOutOthers: (sessionId: string): Operation => ({ type: "sessions.sign_out_others", sessionId }),
  signOutEverywhere: (sessionId: string): Operation => ({ type: "sessions.sign_out_everywhere", sessionId }),
  regenerateRecoveryCodes: (sessionId: string): Operation => ({
    type: "recovery.codes.regenerate",
    sessionId,
  }),
} as const;
