import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { lockWallet } from "@/lib/sessions/lock-wallet";

/** POST: locks this session's wallet now ("Lock now"); 401 without a session. */
export const POST = withSession("wallet.use", z.object({}), async ({ db, actor, session }) => {
  await lockWallet(db, { actor, sessionId: session.sessionId });
  return { locked: true };
});
