import "server-only";
import { cache } from "react";
import { type ActiveSession, getActiveSession } from "@/lib/sessions/get-active-session";
import type { Actor } from "./actor";
import { getRequestContext } from "./request-context";

/** The signed-in person's checked session for this request (once per request), or null. */
export const getCurrentSession = cache(async (): Promise<ActiveSession | null> => {
  const context = await getRequestContext();
  return getActiveSession(context.db, context.sessionId);
});

/** The actor of this request, or null when nobody (validly) is signed in. */
export async function getCurrentActor(): Promise<Actor | null> {
  return (await getCurrentSession())?.actor ?? null;
}
