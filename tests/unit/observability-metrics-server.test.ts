import net from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../lib/observability/logger";
import { metricsPort, startMetricsServer } from "../../lib/observability/metrics-server";

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { level: "info" },
    { write: (line: string) => void lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

const render = async () => ({ contentType: "text/plain; version=0.0.4", body: "scrip_up 1\n" });

describe("[metrics] listener", () => {
  it("reads its port: the default, a number, or 0/off for none; refuses anything else", () => {
    expect(metricsPort(undefined, 9464, "SCRIP_METRICS_PORT")).toBe(9464);
    expect(metricsPort("", 9464, "SCRIP_METRICS_PORT")).toBe(9464);
    expect(metricsPort("9500", 9464, "SCRIP_METRICS_PORT")).toBe(9500);
    expect(metricsPort("0", 9464, "SCRIP_METRICS_PORT")).toBeNull();
    expect(metricsPort("off", 9464, "SCRIP_METRICS_PORT")).toBeNull();
    for (const bad of ["-1", "65536", "http", "80.5"]) {
      expect(() => metricsPort(bad, 9464, "SCRIP_METRICS_PORT")).toThrow(
        /SCRIP_METRICS_PORT must be a port number/,
      );
    }
  });

  it("serves /metrics, no-store, and nothing else", async () => {
    const { logger } = capturedLogger();
    const server = await startMetricsServer({ port: 0, host: "127.0.0.1", variable: "X", logger, render });
    if (!server) throw new Error("the listener did not start");
    const address = server.address() as net.AddressInfo;
    try {
      const metrics = await fetch(`http://127.0.0.1:${address.port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get("cache-control")).toBe("no-store");
      expect(await metrics.text()).toBe("scrip_up 1\n");
      expect((await fetch(`http://127.0.0.1:${address.port}/`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${address.port}/metrics`, { method: "POST" })).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it("warns and serves nothing when its port is taken (the app goes on)", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const { logger, lines } = capturedLogger();
    try {
      const server = await startMetricsServer({
        port,
        host: "127.0.0.1",
        variable: "SCRIP_METRICS_PORT",
        logger,
        render,
      });
      expect(server).toBeNull();
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: "warn",
          code: "EADDRINUSE",
          msg: `metrics not served: 127.0.0.1:${port} is not available (EADDRINUSE); set SCRIP_METRICS_PORT to a free port, or to off`,
        }),
      );
    } finally {
      taken.close();
    }
  });
});
