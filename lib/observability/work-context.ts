/**
 * What the instruments learn from inside a request or a job, without importing them. The server and the job
 * worker run each unit of work (an HTTP request, a job) inside an AsyncLocalStorage whose instance they keep on
 * `globalThis` under `Symbol.for("scrip.work")`: Next's server bundle loads this file as a module of its own, so
 * a module-level singleton would not be shared with scripts/server.ts. The metrics sink is found the same way
 * (lib/observability/metrics.ts). This file imports nothing, so entry points and domain code (even modules a
 * client bundle may also see) can call it; outside a unit of work, or where no instruments run (unit and
 * integration tests), every call does nothing.
 */

/** What one unit of work has learned so far; logged when it ends (lib/observability/observe-request.ts). */
export interface WorkContext {
  requestId: string;
  /** Who acted: `user:usr_…`, `shop:shp_…` (with `key:` for an API key's shop). Never a secret. */
  actor?: string;
  /** The operation, where known: an API operationId or a passkey-confirmed operation type. */
  operation?: string;
  /** The first expected failure's code (AppError), or INTERNAL. */
  errorCode?: string;
  /** Owner changes written by this unit (transfer ids: a retried transaction writes the same ones again). */
  ownerChanges: Set<string>;
  /** Checkouts paid by this unit, by kind, keyed by order or payment request. */
  checkouts: Map<string, string>;
}

/** The subset of the metrics that domain code feeds (lib/observability/metrics.ts installs it). */
export interface MetricsSink {
  ownerChanges: (count: number) => void;
  checkouts: (kind: string, count: number) => void;
  failure: (code: string) => void;
  webhookAttempt: (outcome: string) => void;
}

interface Storage {
  getStore: () => WorkContext | undefined;
}

const workKey = Symbol.for("scrip.work");
const sinkKey = Symbol.for("scrip.metrics.sink");
const logKey = Symbol.for("scrip.log.error");

type Registry = {
  [workKey]?: Storage;
  [sinkKey]?: MetricsSink;
  [logKey]?: (message: string, error: unknown) => void;
};
const registry = globalThis as unknown as Registry;

/** The unit of work this code runs in, if the instruments started one. */
export function currentWork(): WorkContext | undefined {
  return registry[workKey]?.getStore();
}

/** The metrics sink, if this process serves metrics. */
export function metricsSink(): MetricsSink | undefined {
  return registry[sinkKey];
}

/** Records who acts in the current unit of work (the first one named wins: a later lookup cannot replace it). */
export function noteActor(actor: string): void {
  const work = currentWork();
  if (work && !work.actor) work.actor = actor;
}

/** Records the operation of the current unit of work. */
export function noteOperation(operation: string): void {
  const work = currentWork();
  if (work && !work.operation) work.operation = operation;
}

/**
 * Counts a failure by its error code (the domain's AppError codes, INTERNAL for anything else) and marks the unit
 * of work failed, so what it wrote before failing is not counted as done.
 */
export function noteFailure(code: string): void {
  const work = currentWork();
  if (work) work.errorCode ??= code;
  metricsSink()?.failure(code);
}

/**
 * Owner changes written in the caller's transaction. Inside a unit of work they are counted when it ends
 * without failing (a transaction rolled back fails its request); outside one, at once.
 */
export function noteOwnerChanges(transferIds: readonly string[]): void {
  const work = currentWork();
  if (work) for (const id of transferIds) work.ownerChanges.add(id);
  else metricsSink()?.ownerChanges(transferIds.length);
}

/** A checkout paid in the caller's transaction (`kind`: storefront or payment_request), counted like owner changes. */
export function noteCheckout(kind: string, key: string): void {
  const work = currentWork();
  if (work) work.checkouts.set(key, kind);
  else metricsSink()?.checkouts(kind, 1);
}

/** One webhook delivery attempt's outcome: delivered, retrying or failed (given up). */
export function noteWebhookAttempt(outcome: string): void {
  metricsSink()?.webhookAttempt(outcome);
}

/** Logs an unexpected error through the structured logger where one runs (redacted), else to stderr. */
export function logUnexpectedError(message: string, error: unknown): void {
  const log = registry[logKey];
  if (log) log(message, error);
  else console.error(message, error);
}

/** Installs the process's instruments (called once by lib/observability/metrics.ts and logger.ts). */
export function installInstruments(input: {
  storage?: Storage;
  sink?: MetricsSink;
  logError?: (message: string, error: unknown) => void;
}): void {
  if (input.storage) registry[workKey] = input.storage;
  if (input.sink) registry[sinkKey] = input.sink;
  if (input.logError) registry[logKey] = input.logError;
}

/** A fresh unit of work's context. */
export function newWorkContext(requestId: string): WorkContext {
  return { requestId, ownerChanges: new Set(), checkouts: new Map() };
}

/** Adds what a unit of work wrote to the counters, when it ended without failing. */
export function countCompletedWork(work: WorkContext, succeeded: boolean): void {
  const sink = metricsSink();
  if (!sink || !succeeded || work.errorCode) return;
  if (work.ownerChanges.size > 0) sink.ownerChanges(work.ownerChanges.size);
  const byKind = new Map<string, number>();
  for (const kind of work.checkouts.values()) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  for (const [kind, count] of byKind) sink.checkouts(kind, count);
}
