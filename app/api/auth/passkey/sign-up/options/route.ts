import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { startPasskeySignUp } from "@/lib/passkeys/start-passkey-sign-up";
import { displayNameSchema, handleSchema } from "@/lib/users/handle";

/** POST: registration options for a new account with a free handle (rate-limited per address). */
export const POST = publicRoute(
  z.object({ handle: handleSchema, displayName: displayNameSchema }),
  ({ db, meta, input }) => startPasskeySignUp(db, { ...input, meta }),
);
