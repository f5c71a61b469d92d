import "server-only";
import type { DbOrTx } from "@/db/client";
import { errorResponse } from "@/lib/auth/action-result";
import { logUnexpectedError } from "@/lib/observability/work-context";
import { catchUpEvents } from "./catch-up";
import type { LiveConnection, LiveHub } from "./live-hub";
import type { LiveSubscriber } from "./live-sessions";
import { controlFrame, eventFrame, openingFrame } from "./sse";

/** A browser that lets this much pile up unread is dropped (it reconnects and catches up). */
const maxQueuedBytes = 1024 * 1024;

/** A `Last-Event-ID` (or `?after=`) we can use: a plain live_events id; anything else means "no catch-up". */
export function parseLastEventId(value: string | null): bigint | null {
  return value && /^\d{1,18}$/.test(value) ? BigInt(value) : null;
}

const eventIdOf = (frame: string) => /^id: (\d+)\n/.exec(frame)?.[1] ?? null;

/**
 * The `text/event-stream` response for one signed-in browser: registered with the process's hub at once (so
 * nothing announced from now on is missed), then — when it reconnects with a last event id — the events since,
 * for its own audiences only, followed by whatever arrived meanwhile (without repeats). The hub bounds streams;
 * its refusal is a 503 with Retry-After.
 */
export async function openLiveStream(input: {
  hub: LiveHub;
  db: DbOrTx;
  subscriber: LiveSubscriber;
  lastEventId: bigint | null;
  signal?: AbortSignal;
}): Promise<Response> {
  const { hub, subscriber } = input;
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let held: string[] | null = input.lastEventId === null ? null : [];

  const enqueue = (frame: string): boolean => {
    if (closed) return false;
    if ((controller.desiredSize ?? 0) < -maxQueuedBytes) return false;
    controller.enqueue(encoder.encode(frame));
    return true;
  };
  const connection: LiveConnection = {
    sessionId: subscriber.sessionId,
    partyId: subscriber.partyId,
    audiences: new Set(subscriber.audiences),
    write: (frame) => {
      if (held === null) return enqueue(frame);
      held.push(frame);
      return held.length < 10_000;
    },
    close: () => {
      if (closed) return;
      closed = true;
      input.signal?.removeEventListener("abort", onAbort);
      try {
        controller.close();
      } catch {
        // The browser already went away.
      }
    },
  };
  const onAbort = () => hub.remove(connection);

  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      cancel: () => hub.remove(connection),
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  try {
    hub.add(connection);
  } catch (error) {
    closed = true;
    return errorResponse(error);
  }
  input.signal?.addEventListener("abort", onAbort);
  enqueue(openingFrame);

  if (input.lastEventId !== null) {
    try {
      const { events, complete } = await catchUpEvents(
        input.db,
        [...connection.audiences],
        input.lastEventId,
        hub.config.catchUpMax,
      );
      if (!complete) enqueue(controlFrame("resync"));
      const sent = new Set<string>();
      for (const event of events) {
        enqueue(eventFrame(event, subscriber.partyId));
        sent.add(event.id);
      }
      for (const frame of held ?? []) {
        const id = eventIdOf(frame);
        if (id === null || !sent.has(id)) enqueue(frame);
      }
    } catch (error) {
      logUnexpectedError("Live updates could not catch up", error);
      enqueue(controlFrame("resync"));
      for (const frame of held ?? []) enqueue(frame);
    }
    held = null;
  }

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
