/**
 * What the live stream tells a browser (lib/live/sse.ts): which kind of thing changed (`topic`, set by the database
 * triggers of migration 0013), an opaque `ref`, and whose it is from the browser's point of view (`scope`): the
 * signed-in person's own wallet, a shop they belong to, or the back office. Shared by the server and the client
 * component, so it holds no server code.
 */
export type LiveScope = "you" | "shop" | "admin";

export interface LiveMessage {
  topic: string;
  ref: string;
  scope: LiveScope;
}

/** The surfaces that mount the live component, each refreshing for the changes its pages show. */
export type LiveArea = "wallet" | "merchant" | "admin";

/** `session` only makes the server re-check the session (it then ends the stream itself): no page shows it. */
const serverOnlyTopics = new Set(["session"]);

/** Whether a page of `area` shows something `message` changed, so it should refresh. */
export function concernsArea(area: LiveArea, message: LiveMessage): boolean {
  if (serverOnlyTopics.has(message.topic)) return false;
  switch (area) {
    case "wallet":
      return message.scope === "you";
    case "merchant":
      return message.scope === "shop" || (message.scope === "you" && message.topic === "membership");
    case "admin":
      return message.scope === "admin";
  }
}

/** Parses one stream message's data; null for anything that is not a well-formed message. */
export function parseLiveMessage(data: string): LiveMessage | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== "object" || value === null) return null;
    const { topic, ref, scope } = value as Record<string, unknown>;
    if (typeof topic !== "string" || typeof ref !== "string") return null;
    if (scope !== "you" && scope !== "shop" && scope !== "admin") return null;
    return { topic, ref, scope };
  } catch {
    return null;
  }
}
