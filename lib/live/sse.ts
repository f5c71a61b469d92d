import type { LiveMessage, LiveScope } from "./topics";

/** One announced change, as the database wrote it (live_events). */
export interface LiveEvent {
  /** The live_events id, also the server-sent event id (decimal text: it can exceed 2^53). */
  id: string;
  audience: string;
  topic: string;
  ref: string;
}

/** The subscriber's view of whose change it is: its own party, the back office, or a shop it belongs to. */
export function scopeOf(ownPartyId: string, audience: string): LiveScope {
  if (audience === ownPartyId) return "you";
  if (audience === "admin") return "admin";
  return "shop";
}

/** A server-sent `message` event carrying only topic, ref and scope — never the audience or the row. */
export function eventFrame(event: LiveEvent, ownPartyId: string): string {
  const message: LiveMessage = {
    topic: event.topic,
    ref: event.ref,
    scope: scopeOf(ownPartyId, event.audience),
  };
  return `id: ${event.id}\ndata: ${JSON.stringify(message)}\n\n`;
}

/**
 * A named control event: `resync` (events may have been missed: refresh everything), `replaced` (a newer stream
 * of the same session took this one's place: do not reconnect until the page is looked at again), `end` (the
 * session ended: stop).
 */
export function controlFrame(name: "resync" | "replaced" | "end"): string {
  return `event: ${name}\ndata: {}\n\n`;
}

/** The opening lines: how long the browser waits before reconnecting, and a comment so headers flush at once. */
export const openingFrame = "retry: 3000\n: live\n\n";

/** A comment that keeps an idle connection open. */
export const heartbeatFrame = ": keep-alive\n\n";
