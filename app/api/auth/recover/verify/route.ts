import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { finishRecovery } from "@/lib/recovery/finish-recovery";
import { readBrowserToken, writeBrowserToken } from "@/lib/sessions/browser-cookie";
import { plainText } from "@/lib/validation/text";

/**
 * POST: enrols the new passkey, spends the recovery code, signs out every session of the account and answers a
 * one-time proof for next-auth (a new session).
 */
export const POST = publicRoute(
  z.object({
    handle: plainText("a handle").min(1).max(40),
    code: plainText("a recovery code").min(1).max(80),
    response: webauthnResponseSchema,
  }),
  async ({ db, meta, input }) => {
    const browserToken = await readBrowserToken();
    const recovered = await finishRecovery(db, { ...input, meta, browserToken });
    await writeBrowserToken(recovered.browserToken);
    return { proof: recovered.proof };
  },
);
