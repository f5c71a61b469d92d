import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { finishPasskeySignIn } from "@/lib/passkeys/finish-passkey-sign-in";
import { readBrowserToken, writeBrowserToken } from "@/lib/sessions/browser-cookie";

/**
 * POST: verifies a sign-in assertion and answers a one-time proof for next-auth's `passkey` provider; the
 * browser cookie lets the account tell a browser it has not seen before.
 */
export const POST = publicRoute(
  z.object({ response: webauthnResponseSchema }),
  async ({ db, meta, input }) => {
    const browserToken = await readBrowserToken();
    const signedIn = await finishPasskeySignIn(db, { response: input.response, meta, browserToken });
    await writeBrowserToken(signedIn.browserToken);
    return { proof: signedIn.proof };
  },
);
