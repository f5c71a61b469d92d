"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { clearSessionCookie } from "@/lib/auth/clear-session-cookie";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { accountOperations } from "@/lib/passkeys/account-operations";
import { beginAccountChange } from "@/lib/passkeys/confirm-account-change";
import { finishAddingPasskey } from "@/lib/passkeys/finish-adding-passkey";
import { beginRemovingPasskey, removePasskey } from "@/lib/passkeys/remove-passkey";
import { beginRenamingPasskey, renamePasskey } from "@/lib/passkeys/rename-passkey";
import { startAddingPasskey } from "@/lib/passkeys/start-adding-passkey";
import {
  beginRegeneratingRecoveryCodes,
  regenerateRecoveryCodes,
} from "@/lib/recovery/regenerate-recovery-codes";
import { beginSigningOut, signOutSessions } from "@/lib/sessions/sign-out-sessions";
import { passkeyNameSchema } from "@/lib/users/handle";
import { plainText } from "@/lib/validation/text";

// Every change here needs the wallet unlocked and a fresh passkey confirmation bound to that exact change:
// a session cookie on its own never changes how the account is protected.

const passkeyId = plainText("a passkey id").min(1).max(64);
const scope = z.enum(["others", "everywhere"]);

/** Step-up options for adding a passkey in this session (a passkey already on the account confirms). */
export const addPasskeyStepUpAction = authedAction(z.object({}), ({ db, actor, session, meta }) =>
  beginAccountChange(db, {
    actor,
    session,
    operation: accountOperations.addPasskey(session.sessionId),
    ip: meta.ip,
  }),
);

/** Registration options for another passkey, issued only for a verified step-up over `passkey.add`. */
export const addPasskeyOptionsAction = authedAction(
  z.object({ stepUp: webauthnResponseSchema }),
  ({ db, actor, session, meta, input }) =>
    startAddingPasskey(db, { actor, session, stepUp: input.stepUp, meta }),
);

/** Stores the new passkey made for `addPasskeyOptionsAction`'s challenge (in this session only). */
export const addPasskeyAction = authedAction(
  z.object({ response: webauthnResponseSchema, name: passkeyNameSchema.optional() }),
  ({ db, actor, session, meta, input }) =>
    finishAddingPasskey(db, { actor, session, response: input.response, name: input.name, meta }),
);

/** Step-up options for renaming a passkey to exactly `name`. */
export const renamePasskeyOptionsAction = authedAction(
  z.object({ passkeyId, name: passkeyNameSchema }),
  ({ db, actor, session, meta, input }) => beginRenamingPasskey(db, { actor, session, ...input, meta }),
);

export const renamePasskeyAction = authedAction(
  z.object({ passkeyId, name: passkeyNameSchema, stepUp: webauthnResponseSchema }),
  ({ db, actor, session, meta, input }) => renamePasskey(db, { actor, session, ...input, meta }),
);

/** Step-up options for removing a passkey. */
export const removePasskeyOptionsAction = authedAction(
  z.object({ passkeyId }),
  ({ db, actor, session, meta, input }) =>
    beginRemovingPasskey(db, { actor, session, passkeyId: input.passkeyId, meta }),
);

/** Removes a passkey (never the last) and ends the sessions it signed in. */
export const removePasskeyAction = authedAction(
  z.object({ passkeyId, stepUp: webauthnResponseSchema }),
  ({ db, actor, session, meta, input }) => removePasskey(db, { actor, session, ...input, meta }),
);

/** Step-up options for signing out other sessions, or everywhere. */
export const signOutSessionsOptionsAction = authedAction(
  z.object({ scope }),
  ({ db, actor, session, meta, input }) => beginSigningOut(db, { actor, session, scope: input.scope, meta }),
);

/** Ends every other session of the signed-in person, or all of them (this one included). */
export const signOutSessionsAction = authedAction(
  z.object({ scope, stepUp: webauthnResponseSchema }),
  async ({ db, actor, session, meta, input }) => {
    const result = await signOutSessions(db, { actor, session, ...input, meta });
    if (input.scope === "everywhere") await clearSessionCookie();
    return result;
  },
);

/** Step-up options for making a new set of recovery codes. */
export const recoveryCodesOptionsAction = authedAction(z.object({}), ({ db, actor, session, meta }) =>
  beginRegeneratingRecoveryCodes(db, { actor, session, meta }),
);

/** Makes a new set of recovery codes (the old ones stop working) and returns them to show once. */
export const recoveryCodesAction = authedAction(
  z.object({ stepUp: webauthnResponseSchema }),
  ({ db, actor, session, meta, input }) =>
    regenerateRecoveryCodes(db, { actor, session, stepUp: input.stepUp, meta }),
);
