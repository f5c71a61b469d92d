import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { finishPasskeySignUp } from "@/lib/passkeys/finish-passkey-sign-up";

/**
 * POST: verifies the new passkey, creates the account and answers a one-time proof for next-auth, with the
 * account's recovery codes to show once.
 */
export const POST = publicRoute(
  z.object({ response: webauthnResponseSchema }),
  async ({ db, meta, input }) => {
    const { proof, recoveryCodes } = await finishPasskeySignUp(db, { response: input.response, meta });
    return { proof, recoveryCodes };
  },
);
