import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { finishPasskeySignUp } from "@/lib/passkeys/finish-passkey-sign-up";
import { readBrowserToken, writeBrowserToken } from "@/lib/sessions/browser-cookie";

/**
 * POST: verifies the new passkey, creates the account and answers a one-time proof for next-auth, with the
 * account's recovery codes to show once.
 */
export const POST = publicRoute(
  z.object({ response: webauthnResponseSchema }),
  async ({ db, meta, input }) => {
    const browserToken = await readBrowserToken();
    const created = await finishPasskeySignUp(db, { response: input.response, meta, browserToken });
    await writeBrowserToken(created.browserToken);
    return { proof: created.proof, recoveryCodes: created.recoveryCodes };
  },
);
