"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { clearSessionCookie } from "@/lib/auth/clear-session-cookie";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { finishAddingPasskey } from "@/lib/passkeys/finish-adding-passkey";
import { removePasskey } from "@/lib/passkeys/remove-passkey";
import { renamePasskey } from "@/lib/passkeys/rename-passkey";
import { startAddingPasskey } from "@/lib/passkeys/start-adding-passkey";
import { revokeUserSessions } from "@/lib/sessions/revoke-user-sessions";
import { passkeyNameSchema } from "@/lib/users/handle";
import { plainText } from "@/lib/validation/text";

const passkeyId = plainText("a passkey id").min(1).max(64);

/** Registration options for another passkey of the signed-in person. */
export const addPasskeyOptionsAction = authedAction(z.object({}), ({ db, actor, meta }) =>
  startAddingPasskey(db, { actor, meta }),
);

/** Stores the new passkey made for `addPasskeyOptionsAction`'s challenge. */
export const addPasskeyAction = authedAction(
  z.object({ response: webauthnResponseSchema, name: passkeyNameSchema.optional() }),
  ({ db, actor, meta, input }) =>
    finishAddingPasskey(db, { actor, response: input.response, name: input.name, meta }),
);

export const renamePasskeyAction = authedAction(
  z.object({ passkeyId, name: passkeyNameSchema }),
  ({ db, actor, meta, input }) => renamePasskey(db, { actor, ...input, ip: meta.ip }),
);

/** Removes a passkey (never the last) and ends the sessions it signed in. */
export const removePasskeyAction = authedAction(z.object({ passkeyId }), ({ db, actor, meta, input }) =>
  removePasskey(db, { actor, passkeyId: input.passkeyId, ip: meta.ip }),
);

/** Ends every session of the signed-in person, this one included. */
export const signOutEverywhereAction = authedAction(z.object({}), async ({ db, actor, meta }) => {
  const result = await revokeUserSessions(db, {
    actor,
    userId: actor.userId,
    reason: "sign out everywhere",
    ip: meta.ip,
  });
  await clearSessionCookie();
  return result;
});
