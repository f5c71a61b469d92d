/**
 * The metrics listener: `GET /metrics` on its own port (loopback by default), apart from the app's, so the
 * figures are never reachable through the public listener or a proxy in front of it.
 *
 * SCRIP_METRICS_PORT (default 9464; `0` or `off`: no listener) and SCRIP_METRICS_HOST (default 127.0.0.1) for the
 * web server; the job worker reads SCRIP_WORKER_METRICS_PORT (default 9465) the same way. A port already taken
 * (several instances on one machine) logs a warning and the process goes on serving without metrics.
 */
import http from "node:http";
import type { Logger } from "pino";

/** The listener's port from `value`, or null when metrics are off. Throws on anything but a port number. */
export function metricsPort(value: string | undefined, fallback: number, variable: string): number | null {
  if (value === undefined || value === "") return fallback;
  if (value === "off" || value === "0") return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${variable} must be a port number (1–65535), or 0 or "off" to serve no metrics`);
  }
  return port;
}

/** Starts the listener; resolves to the server, or to null when the port could not be taken (logged). */
export function startMetricsServer(input: {
  port: number;
  host: string;
  /** The setting that chose the port, named in the warning when it is taken. */
  variable: string;
  logger: Logger;
  render: () => Promise<{ contentType: string; body: string }>;
}): Promise<http.Server | null> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (request.method !== "GET" && request.method !== "HEAD")) {
      response
        .writeHead(404, { "Content-Type": "text/plain" })
        .end("Not found: the metrics are at /metrics\n");
      return;
    }
    input.render().then(
      ({ contentType, body }) => {
        response.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" });
        response.end(request.method === "HEAD" ? undefined : body);
      },
      (error: unknown) => {
        input.logger.error({ err: error }, "metrics could not be collected");
        response.writeHead(500, { "Content-Type": "text/plain" }).end("Metrics could not be collected\n");
      },
    );
  });
  return new Promise((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      input.logger.warn(
        { port: input.port, host: input.host, code: error.code },
        `metrics not served: ${input.host}:${input.port} is not available (${error.code ?? error.message}); set ${input.variable} to a free port, or to off`,
      );
      resolve(null);
    });
    server.listen(input.port, input.host, () => {
      input.logger.info({ port: input.port, host: input.host }, "metrics served at /metrics");
      resolve(server);
    });
  });
}
