import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { finishPasskeySignIn } from "@/lib/passkeys/finish-passkey-sign-in";

/** POST: verifies a sign-in assertion and answers a one-time proof for next-auth's `passkey` provider. */
export const POST = publicRoute(
  z.object({ response: webauthnResponseSchema }),
  async ({ db, meta, input }) => {
    const { proof } = await finishPasskeySignIn(db, { response: input.response, meta });
    return { proof };
  },
);
