/**
 * Scrip's HTTP server: the production build of the Next.js app behind Node's own `http` server, started by
 * `npm start` (scripts/start.ts) in place of `next start`.
 *
 * Why not `next start`: Next only fills `X-Forwarded-For` from the socket when the client did not send one, so
 * behind no proxy a client that sends the header chooses its own address and escapes every per-address limit.
 * Here the client address is computed once, from the socket and — only through the proxies listed in
 * SCRIP_TRUSTED_PROXIES — the X-Forwarded-For chain (right-most untrusted hop), and written to one header of
 * ours after deleting any copy the client sent. lib/auth/request-meta.ts reads only that header.
 *
 * It also sends HSTS on every response when SCRIP_ORIGIN is https.
 *
 * SCRIP_WEB_CONCURRENCY=N (default 1) runs N such servers on the one port with `node:cluster`: this process
 * becomes the primary, which accepts connections and hands them to its workers in turn (round robin). A worker
 * that dies is replaced, after a pause that doubles with each quick death (a crash loop does not spin the CPU),
 * and SIGTERM or SIGINT stops every worker (each closes its server as below) before the primary exits 0.
 * With SCRIP_EXPOSE_PID=1 each response names the process that served it (`X-Scrip-Pid`), for tests.
 *
 * The REST API (`/api/v1/...`) is served by its route handlers directly, outside Next's request pipeline
 * (scripts/api-lane.ts: the same handlers, the same headers, a fraction of the CPU); SCRIP_API_LANE=0 sends it
 * through Next like every other request.
 *
 * Instruments (lib/observability): every request is one JSON log line on stdout (pino: request id, method, route
 * pattern, status, outcome, duration, actor, operation) and one latency observation; the Prometheus metrics are
 * served on a listener of their own, SCRIP_METRICS_HOST:SCRIP_METRICS_PORT (default 127.0.0.1:9464; 0 or `off`:
 * none) at /metrics. With several processes the primary serves the sum of its workers' metrics (prom-client's
 * AggregatorRegistry, over the cluster's IPC channel); the workers serve none themselves.
 *
 * Environment: PORT, HOST, SCRIP_TRUSTED_PROXIES, SCRIP_ORIGIN, SCRIP_WEB_CONCURRENCY, SCRIP_EXPOSE_PID,
 * SCRIP_API_LANE, SCRIP_METRICS_PORT, SCRIP_METRICS_HOST, SCRIP_LOG_LEVEL.
 * SIGTERM and SIGINT close the server and exit 0.
 */
import cluster from "node:cluster";
import http from "node:http";
import { register } from "node:module";
import path from "node:path";
import next from "next";
import { AggregatorRegistry, Gauge } from "prom-client";
import { getDb } from "../db/client";
import { strictTransportSecurity } from "../lib/auth/security-headers";
import { clientAddress, clientAddressHeader, parseTrustedProxies } from "../lib/http/client-address";
import { registerDatabaseGauges } from "../lib/observability/database-gauges";
import { getLogger } from "../lib/observability/logger";
import { getMetrics } from "../lib/observability/metrics";
import { metricsPort, startMetricsServer } from "../lib/observability/metrics-server";
import { observeRequest } from "../lib/observability/observe-request";
import { buildRouteMatcher } from "../lib/observability/route-pattern";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const exposePid = process.env.SCRIP_EXPOSE_PID === "1";
const logger = getLogger();

/** Serves `render` on SCRIP_METRICS_HOST:SCRIP_METRICS_PORT unless metrics are off. */
async function serveMetrics(render: () => Promise<string>, contentType: string): Promise<void> {
  const port = metricsPort(process.env.SCRIP_METRICS_PORT, 9464, "SCRIP_METRICS_PORT");
  if (port === null) return;
  await startMetricsServer({
    port,
    host: process.env.SCRIP_METRICS_HOST || "127.0.0.1",
    variable: "SCRIP_METRICS_PORT",
    logger,
    render: async () => ({ contentType, body: await render() }),
  });
}

/**
 * The API lane's handlers (app/api/v1/**\/route.ts) import `server-only`, which throws unless resolved under the
 * `react-server` condition, as Next's server bundles and `--conditions=react-server` (the worker, the bench)
 * resolve it. This process cannot take that condition as a whole (Next renders pages with it unset), so this
 * hook resolves that one package with it; every other module resolves as before.
 */
const serverOnlyHook = `export async function resolve(specifier, context, next) {
  return specifier === "server-only"
    ? next(specifier, { ...context, conditions: [...context.conditions, "react-server"] })
    : next(specifier, context);
}`;

/** scripts/api-lane.ts's `serveApiLane`, unless SCRIP_API_LANE=0. */
async function loadApiLane(): Promise<
  ((request: http.IncomingMessage, response: http.ServerResponse) => boolean) | null
> {
  if (process.env.SCRIP_API_LANE === "0") return null;
  register(`data:text/javascript,${encodeURIComponent(serverOnlyHook)}`);
  return (await import("./api-lane")).serveApiLane;
}

async function main(): Promise<void> {
  const trusted = parseTrustedProxies(process.env.SCRIP_TRUSTED_PROXIES);
  const hsts = strictTransportSecurity(process.env.SCRIP_ORIGIN);
  const app = next({ dev: false, dir: root, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const apiLane = await loadApiLane();
  const metrics = getMetrics();
  // The same pool as the app's handlers (db/client.ts keeps it on globalThis).
  registerDatabaseGauges(metrics.registry, getDb);
  // The pool's ceiling, per process (summed over a cluster's workers): read with scrip_db_connections.
  new Gauge({
    name: "scrip_db_pool_max_connections",
    help: "Connections the web server's database pool may open (DATABASE_POOL_MAX), summed over its processes",
    registers: [metrics.registry],
  }).set(Number(process.env.DATABASE_POOL_MAX ?? 10) || 10);
  if (cluster.isWorker) {
    // The primary asks each worker for its metrics over IPC and serves their sum.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([metrics.registry]);
  } else {
    await serveMetrics(() => metrics.registry.metrics(), metrics.registry.contentType);
  }
  const route = buildRouteMatcher(root);
  const server = http.createServer((request, response) =>
    observeRequest(request, response, { logger, route }, () => serve(request, response)),
  );
  const serve = (request: http.IncomingMessage, response: http.ServerResponse) => {
    delete request.headers[clientAddressHeader];
    const address = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trusted);
    if (address) request.headers[clientAddressHeader] = address;
    // Only a trusted proxy says which host and scheme the browser used (Next.js compares X-Forwarded-Host with
    // a server action's Origin); from anyone else Next.js fills them in from the request itself.
    if (!request.socket.remoteAddress || !trusted.has(request.socket.remoteAddress)) {
      delete request.headers["x-forwarded-host"];
      delete request.headers["x-forwarded-proto"];
      delete request.headers["x-forwarded-port"];
    }
    if (hsts) response.setHeader("Strict-Transport-Security", hsts);
    if (exposePid) response.setHeader("X-Scrip-Pid", String(process.pid));
    if (apiLane?.(request, response)) return;
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, requestId: request.headers["x-request-id"] }, "request failed");
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
      response.end("Internal Server Error");
    });
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Requests still running get a moment to finish; then the remaining connections are cut.
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** SCRIP_WEB_CONCURRENCY: how many server processes share the port (default 1: this process serves alone). */
function webConcurrency(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SCRIP_WEB_CONCURRENCY;
  if (raw === undefined || raw === "") return 1;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error("SCRIP_WEB_CONCURRENCY must be a whole number of server processes from 1 to 64");
  }
  return count;
}

/** A replaced worker waits this long first, doubling after each worker that died young, up to the maximum. */
const restartDelayMs = { first: 250, max: 15_000 };
/** A worker that served this long before dying counts as healthy: its replacement starts without delay. */
const healthyLifetimeMs = 30_000;

/** The cluster's primary: forks `count` workers, replaces those that die, and stops them all on a signal. */
function runPrimary(count: number): void {
  let stopping = false;
  let delay = 0;
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    delay =
      lived >= healthyLifetimeMs
        ? 0
        : Math.min(restartDelayMs.max, Math.max(restartDelayMs.first, delay * 2));
    logger.warn(
      { workerPid: worker.process.pid, code, signal },
      `A web server process stopped (${signal ?? `exit code ${code}`}); starting another${delay ? ` in ${delay / 1000} s` : ""}.`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill("SIGTERM");
    // Each worker closes within its own grace period; one that hangs past it is killed.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(0);
    }, 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  for (let i = 0; i < count; i++) fork();
  const aggregator = new AggregatorRegistry();
  void serveMetrics(() => aggregator.clusterMetrics(), aggregator.contentType);
}

try {
  const count = webConcurrency();
  if (count > 1 && cluster.isPrimary) {
    runPrimary(count);
  } else {
    main().catch((error: unknown) => {
      logger.fatal(
        { err: error },
        `The web server could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      logger.flush();
      process.exit(1);
    });
  }
} catch (error) {
  logger.fatal(
    { err: error },
    `The web server could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  logger.flush();
  process.exit(1);
}
