import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { installInstruments, newWorkContext, type WorkContext } from "./work-context";

const storageKey = Symbol.for("scrip.work.storage");

/** The process's one AsyncLocalStorage for units of work, installed for lib/observability/work-context.ts. */
export function workStorage(): AsyncLocalStorage<WorkContext> {
  const registry = globalThis as unknown as { [storageKey]?: AsyncLocalStorage<WorkContext> };
  let storage = registry[storageKey];
  if (!storage) {
    storage = new AsyncLocalStorage<WorkContext>();
    registry[storageKey] = storage;
    installInstruments({ storage });
  }
  return storage;
}

/**
 * A request id sent by a proxy in front (HAProxy's `unique-id-format`, another service's id) is kept when it is
 * plain and short: letters, digits and `._:-`, 1 to 128 characters. Anything else is replaced by a fresh UUID,
 * so a client cannot put arbitrary text into the log.
 */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** Runs `work` as one unit of work with a fresh context. */
export function runAsWork<T>(requestId: string, work: (context: WorkContext) => T): T {
  const context = newWorkContext(requestId);
  return workStorage().run(context, () => work(context));
}
