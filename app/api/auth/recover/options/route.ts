import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { startRecovery } from "@/lib/recovery/start-recovery";
import { plainText } from "@/lib/validation/text";

const recoveryInput = z.object({
  handle: plainText("a handle").min(1, "Enter your handle.").max(40),
  code: plainText("a recovery code").min(1, "Enter a recovery code.").max(80),
});

/** POST: registration options for a new passkey, for a handle and an unused recovery code (rate-limited). */
export const POST = publicRoute(recoveryInput, ({ db, meta, input }) =>
  startRecovery(db, { ...input, meta }),
);
