"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { unlockWallet, walletUnlockOperation } from "@/lib/sessions/unlock-wallet";

/** Step-up options for unlocking the wallet of exactly this session. */
export const unlockOptionsAction = authedAction(z.object({}), ({ db, actor, session, meta }) =>
  beginStepUp(db, { actor, operation: walletUnlockOperation(session.sessionId), ip: meta.ip }),
);

/** Unlocks the wallet with the passkey assertion made for `unlockOptionsAction`'s challenge. */
export const unlockWalletAction = authedAction(
  z.object({ response: webauthnResponseSchema }),
  async ({ db, actor, session, meta, input }) => {
    const { unlockedUntil } = await unlockWallet(db, {
      actor,
      sessionId: session.sessionId,
      response: input.response,
      ip: meta.ip,
    });
    return { unlockedUntil: unlockedUntil.toISOString() };
  },
);
