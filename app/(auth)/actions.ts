"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { clearSessionCookie } from "@/lib/auth/clear-session-cookie";
import { revokeSession } from "@/lib/sessions/revoke-session";

/** Signs out of this browser: ends this session server-side and deletes its cookie. */
export const signOutAction = authedAction(z.object({}), async ({ db, actor, session, meta }) => {
  await revokeSession(db, { actor, sessionId: session.sessionId, ip: meta.ip });
  await clearSessionCookie();
  return null;
});
