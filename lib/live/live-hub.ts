import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import type { DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { logUnexpectedError } from "@/lib/observability/work-context";
import { eventsInRange } from "./catch-up";
import type { LiveConfig } from "./live-config";
import { liveSubscribersOf } from "./live-sessions";
import { controlFrame, eventFrame, heartbeatFrame, type LiveEvent } from "./sse";

/** The channel migration 0013's triggers notify. */
export const liveChannel = "scrip_live";

/** One open stream: who it serves, and how to write to it and close it. */
export interface LiveConnection {
  sessionId: string;
  partyId: string;
  audiences: Set<string>;
  /** Writes a frame; false when the browser does not keep up (the hub then closes the stream). */
  write: (frame: string) => boolean;
  /** Ends the stream (after the hub wrote any farewell frame). */
  close: () => void;
}

type Notification = { kind: "event"; event: LiveEvent } | { kind: "range"; from: bigint; to: bigint };

/** Reads a notification payload of migration 0013; null for anything else. */
export function parseNotification(payload: string): Notification | null {
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    const isId = (x: unknown): x is string => typeof x === "string" && /^\d{1,19}$/.test(x);
    if (
      isId(value.id) &&
      typeof value.a === "string" &&
      typeof value.t === "string" &&
      typeof value.r === "string"
    ) {
      return { kind: "event", event: { id: value.id, audience: value.a, topic: value.t, ref: value.r } };
    }
    if (isId(value.from) && isId(value.to))
      return { kind: "range", from: BigInt(value.from), to: BigInt(value.to) };
    return null;
  } catch {
    return null;
  }
}

/**
 * One server process's live fan-out: ONE dedicated LISTEN connection (`listener.listen`, which postgres.js keeps
 * on a connection of its own and re-establishes after a drop) feeding every local stream whose audiences include
 * an event's audience. It bounds streams per session (the oldest is replaced) and per process (then UNAVAILABLE),
 * writes heartbeats, and re-checks every stream's session periodically and whenever its person's sessions or
 * shop memberships change, ending streams of sessions that ended and following membership changes.
 */
export class LiveHub {
  private readonly byAudience = new Map<string, Set<LiveConnection>>();
  private readonly bySession = new Map<string, LiveConnection[]>();
  private readonly timers: NodeJS.Timeout[] = [];
  private listening: { unlisten: () => Promise<void> } | null = null;
  private listenedOnce = false;
  private pendingChecks = new Set<string>();
  private count = 0;
  private checkScheduled = false;
  /** The watchdog's ping: its payload, and whether it came back through this hub's LISTEN. */
  private readonly hubId = randomBytes(6).toString("hex");
  private ping: { payload: string; received: boolean; missed: number } | null = null;
  private relistening = false;

  /**
   * `reopenListener` (optional): makes a new listener client. Given it, a watchdog pings the channel every
   * `listenCheckMs` through the app's pool and, when two pings in a row did not come back (postgres.js re-listens
   * after a dropped connection, but gives up silently when the database is still unreachable, as during a
   * failover), ends the listener and listens again on a new one, telling every page to resync.
   */
  constructor(
    private readonly db: DbOrTx,
    private listener: postgres.Sql,
    readonly config: LiveConfig,
    private readonly reopenListener?: () => postgres.Sql,
    private readonly listenCheckMs = 5000,
  ) {}

  private listen() {
    return this.listener.listen(
      liveChannel,
      (payload) => this.onNotification(payload),
      () => {
        // After a dropped LISTEN connection, notifications may have been missed: every page refreshes.
        if (this.listenedOnce) this.broadcast(controlFrame("resync"));
        this.listenedOnce = true;
      },
    );
  }

  /** One watchdog round: was the last ping heard? If not twice in a row, listen again on a new connection. */
  private async watchListener(): Promise<void> {
    if (!this.reopenListener || this.relistening) return;
    if (this.ping && !this.ping.received) this.ping.missed += 1;
    else if (this.ping) this.ping.missed = 0;
    if (this.ping && this.ping.missed >= 2) {
      this.relistening = true;
      try {
        const old = this.listener;
        this.listener = this.reopenListener();
        await old.end({ timeout: 1 }).catch(() => {});
        this.listening = await this.listen();
        this.broadcast(controlFrame("resync"));
        this.ping = null;
      } finally {
        this.relistening = false;
      }
      return;
    }
    const payload = JSON.stringify({ ping: `${this.hubId}:${Date.now()}` });
    this.ping = { payload, received: false, missed: this.ping?.missed ?? 0 };
    await this.db.execute(sql`select pg_notify(${liveChannel}, ${payload})`);
  }

  /** Starts listening (resolves once LISTEN is in place) and the heartbeat and session-check timers. */
  async start(): Promise<void> {
    this.listening = await this.listen();
    if (this.reopenListener) {
      const watchdog = setInterval(() => {
        // A database that is away makes the ping fail; the next round counts it as missed.
        this.watchListener().catch(() => {});
      }, this.listenCheckMs);
      watchdog.unref();
      this.timers.push(watchdog);
    }
    const heartbeat = setInterval(() => this.broadcast(heartbeatFrame), this.config.heartbeatMs);
    const sessions = setInterval(() => {
      this.checkSessions([...this.bySession.keys()]).catch((error: unknown) =>
        logUnexpectedError("Live session check failed", error),
      );
    }, this.config.sessionCheckMs);
    heartbeat.unref();
    sessions.unref();
    this.timers.push(heartbeat, sessions);
  }

  /** Stops listening and ends every stream. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const connection of this.connections()) this.remove(connection, null);
    await this.listening?.unlisten().catch(() => {});
    this.listening = null;
  }

  /** Streams open in this process. */
  get size(): number {
    return this.count;
  }

  /**
   * Registers a stream. A session at its limit loses its oldest stream (told `replaced`); a process at its limit
   * refuses a stream that would grow it with UNAVAILABLE (503, Retry-After).
   */
  add(connection: LiveConnection): void {
    const own = this.bySession.get(connection.sessionId) ?? [];
    const replacing = own.length >= this.config.maxPerSession;
    if (!replacing && this.size >= this.config.maxConnections) {
      throw new AppError("UNAVAILABLE", "Live updates are busy right now; the page will try again shortly.", {
        retryAfterSeconds: this.config.retryAfterSeconds,
      });
    }
    for (const oldest of own.slice(0, Math.max(0, own.length - this.config.maxPerSession + 1))) {
      this.remove(oldest, controlFrame("replaced"));
    }
    this.bySession.set(connection.sessionId, [
      ...(this.bySession.get(connection.sessionId) ?? []),
      connection,
    ]);
    this.count += 1;
    this.index(connection);
  }

  /** Unregisters a stream (idempotent), writing `farewell` first when given, and closes it. */
  remove(connection: LiveConnection, farewell: string | null = null): void {
    const own = this.bySession.get(connection.sessionId);
    if (!own?.includes(connection)) return;
    const rest = own.filter((other) => other !== connection);
    if (rest.length > 0) this.bySession.set(connection.sessionId, rest);
    else this.bySession.delete(connection.sessionId);
    this.count -= 1;
    this.unindex(connection);
    if (farewell) connection.write(farewell);
    connection.close();
  }

  /** Sends one event to every local stream that may hear its audience. */
  deliver(event: LiveEvent): void {
    for (const connection of this.byAudience.get(event.audience) ?? []) {
      if (!connection.write(eventFrame(event, connection.partyId))) this.remove(connection);
      if (
        event.audience === connection.partyId &&
        (event.topic === "session" || event.topic === "membership")
      ) {
        this.scheduleCheck(connection.sessionId);
      }
    }
  }

  /** Re-checks these sessions now: streams of ended sessions get `end` and close; the others follow memberships. */
  async checkSessions(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const valid = new Map((await liveSubscribersOf(this.db, sessionIds)).map((s) => [s.sessionId, s]));
    for (const sessionId of sessionIds) {
      const subscriber = valid.get(sessionId);
      for (const connection of [...(this.bySession.get(sessionId) ?? [])]) {
        if (!subscriber) {
          this.remove(connection, controlFrame("end"));
          continue;
        }
        this.unindex(connection);
        connection.audiences = new Set(subscriber.audiences);
        this.index(connection);
      }
    }
  }

  private connections(): LiveConnection[] {
    return [...this.bySession.values()].flat();
  }

  private broadcast(frame: string): void {
    for (const connection of this.connections()) {
      if (!connection.write(frame)) this.remove(connection);
    }
  }

  private onNotification(payload: string): void {
    if (payload.startsWith('{"ping":')) {
      if (this.ping && payload === this.ping.payload) this.ping.received = true;
      return;
    }
    const notification = parseNotification(payload);
    if (!notification) return;
    if (notification.kind === "event") {
      this.deliver(notification.event);
      return;
    }
    const audiences = [...this.byAudience.keys()];
    eventsInRange(this.db, audiences, notification.from, notification.to)
      .then((events) => {
        for (const event of events) this.deliver(event);
      })
      .catch((error: unknown) => {
        logUnexpectedError("Live updates could not read announced events", error);
        this.broadcast(controlFrame("resync"));
      });
  }

  private scheduleCheck(sessionId: string): void {
    this.pendingChecks.add(sessionId);
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    queueMicrotask(() => {
      const ids = [...this.pendingChecks];
      this.pendingChecks = new Set();
      this.checkScheduled = false;
      this.checkSessions(ids).catch((error: unknown) =>
        logUnexpectedError("Live session check failed", error),
      );
    });
  }

  private index(connection: LiveConnection): void {
    for (const audience of connection.audiences) {
      const set = this.byAudience.get(audience) ?? new Set();
      set.add(connection);
      this.byAudience.set(audience, set);
    }
  }

  private unindex(connection: LiveConnection): void {
    for (const audience of connection.audiences) {
      const set = this.byAudience.get(audience);
      set?.delete(connection);
      if (set?.size === 0) this.byAudience.delete(audience);
    }
  }
}
