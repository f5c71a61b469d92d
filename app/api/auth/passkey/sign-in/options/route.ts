import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { startPasskeySignIn } from "@/lib/passkeys/start-passkey-sign-in";

/** POST: sign-in options for a discoverable passkey (rate-limited per address). */
export const POST = publicRoute(z.object({}), ({ db, meta }) => startPasskeySignIn(db, { meta }));
