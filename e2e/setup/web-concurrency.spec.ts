import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runningDataDir } from "../support/running-app";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** GET /api/health on a fresh connection (no keep-alive: the cluster hands out connections, not requests). */
function health(port: number): Promise<{ status: number; pid: number | null }> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/api/health", agent: false }, (response) => {
      response.resume();
      response.on("end", () => {
        const pid = response.headers["x-scrip-pid"];
        resolve({ status: response.statusCode ?? 0, pid: typeof pid === "string" ? Number(pid) : null });
      });
    });
    request.on("error", () => resolve({ status: 0, pid: null }));
    // A connection handed to the worker just killed may never be answered: give it up and ask again.
    request.setTimeout(5_000, () => request.destroy());
  });
}

/** The worker pids seen over `count` fresh connections (those answered 200). */
async function servingPids(port: number, count: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < count; i++) {
    const answer = await health(port);
    if (answer.status === 200 && answer.pid !== null) pids.add(answer.pid);
  }
  return pids;
}

/**
 * SCRIP_WEB_CONCURRENCY=2: scripts/server.ts (as `npm start` runs it) serves one port from two processes, replaces
 * a worker that is killed, and stops them all on SIGTERM. Runs its own server on the app under test's database.
 */
test("[setup] SCRIP_WEB_CONCURRENCY=2 serves from two processes and survives one being killed", async () => {
  test.setTimeout(150_000);
  const runtime = JSON.parse(fs.readFileSync(path.join(runningDataDir(), "runtime.json"), "utf8")) as {
    databaseUrl: string;
  };
  const port = await freePort();
  let output = "";
  const server: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(process.cwd(), "scripts", "server.ts")],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: runtime.databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        SCRIP_WEB_CONCURRENCY: "2",
        // Test only: each answer names the process that served it.
        SCRIP_EXPOSE_PID: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    server.once("exit", (code, signal) => resolve({ code, signal })),
  );
  try {
    // Both workers start; round-robin hands successive connections to different ones.
    await expect
      .poll(async () => (await servingPids(port, 6)).size, { timeout: 90_000, message: output })
      .toBe(2);
    const pids = await servingPids(port, 6);
    expect(pids.has(server.pid as number)).toBe(false);
    const [victim, survivor] = [...pids] as [number, number];

    process.kill(victim, "SIGKILL");
    // The port keeps answering, and the primary starts a replacement: again two workers, the victim not among them.
    await expect.poll(async () => (await health(port)).status, { timeout: 30_000 }).toBe(200);
    await expect
      .poll(
        async () => {
          const now = await servingPids(port, 6);
          return now.size === 2 && !now.has(victim) && now.has(survivor);
        },
        { timeout: 90_000, message: output },
      )
      .toBe(true);
    expect(output).toContain("A web server process stopped");

    // SIGTERM stops every worker, then the primary, cleanly.
    server.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    for (const pid of [survivor]) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
    expect((await health(port)).status).toBe(0);
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  }
});
