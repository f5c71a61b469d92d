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

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection, with the raw response headers. */
function send(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method, path: urlPath, headers, agent: false },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on("error", reject);
    // A hang fails the test with a reason rather than at its overall timeout.
    request.setTimeout(30_000, () => request.destroy(new Error(`${method} ${urlPath}: no answer in 30 s`)));
    request.end(body);
  });
}

/**
 * Headers of the connection and framing, which differ by how the body is written, not by what it is, and the
 * request id (X-Request-Id, fresh for each request; scripts/server.ts sets it before either path runs).
 */
const framing = new Set([
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "x-request-id",
]);
const headerSet = (answer: Answer) =>
  Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !framing.has(name)));

async function startServer(env: Record<string, string>, lane: boolean) {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(process.cwd(), "scripts", "server.ts")],
    {
      cwd: process.cwd(),
      env: { ...process.env, ...env, PORT: String(port), SCRIP_API_LANE: lane ? "1" : "0" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  await expect
    .poll(async () => (await send(port, "GET", "/api/health").catch(() => null))?.status, {
      timeout: 90_000,
      message: output,
    })
    .toBe(200);
  return { port, child, output: () => output };
}

/**
 * The API lane (scripts/api-lane.ts) answers `/api/v1/...` exactly as Next.js does: the same status, body and
 * headers (security headers, HSTS, Cache-Control, Content-Type, Retry-After…) for a verify that succeeds, a bad
 * token, a missing key, a body over the limit, the OpenAPI document; and what it does not serve (an unknown
 * path, a method the route lacks) reaches Next unchanged. Two servers of its own on the app's database, one
 * with SCRIP_API_LANE=0; the lane's answers are told apart by their Content-Length (Next streams its bodies).
 */
test("the API lane answers /api/v1 as Next does, and leaves the rest to Next", async () => {
  test.setTimeout(240_000);
  const dataDir = runningDataDir();
  const runtime = JSON.parse(fs.readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as {
    databaseUrl: string;
  };
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<
    string,
    string
  >;
  const env: Record<string, string> = {
    ...secrets,
    DATABASE_URL: runtime.databaseUrl,
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // An https origin, so both send HSTS.
    SCRIP_ORIGIN: "https://scrip.example",
  };
  // Not spawnSync: the fixture must not block this process (Playwright's worker) while it runs.
  const fixture = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join("e2e", "support", "api-lane-fixture.ts")],
    {
      cwd: process.cwd(),
      // The test passkeys sign for the origin the test support uses.
      env: { ...process.env, ...env, SCRIP_ORIGIN: "http://localhost:3000" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let fixtureOut = "";
  let fixtureErr = "";
  fixture.stdout?.on("data", (chunk) => (fixtureOut += chunk));
  fixture.stderr?.on("data", (chunk) => (fixtureErr += chunk));
  const killer = setTimeout(() => fixture.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => fixture.once("exit", resolve));
  clearTimeout(killer);
  expect(code, fixtureErr).toBe(0);
  const { key, token } = JSON.parse(fixtureOut.trim().split("\n").at(-1) as string) as {
    key: string;
    token: string;
  };

  const lane = await startServer(env, true);
  const next = await startServer(env, false);
  try {
    const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const cases: Array<{
      name: string;
      method: string;
      path: string;
      headers?: Record<string, string>;
      body?: string;
      status: number;
      byLane: boolean;
    }> = [
      {
        name: "verify",
        method: "POST",
        path: "/api/v1/coupons/verify",
        headers: auth,
        body: JSON.stringify({ token }),
        status: 200,
        byLane: true,
      },
      {
        name: "malformed token (a verdict, not an error)",
        method: "POST",
        path: "/api/v1/coupons/verify",
        headers: auth,
        body: JSON.stringify({ token: "nonsense" }),
        status: 200,
        byLane: true,
      },
      {
        name: "bad body",
        method: "POST",
        path: "/api/v1/coupons/verify",
        headers: auth,
        body: JSON.stringify({ token: 42 }),
        status: 400,
        byLane: true,
      },
      {
        name: "unknown key",
        method: "POST",
        path: "/api/v1/coupons/verify",
        headers: { ...auth, authorization: "Bearer scrip_sk_not-a-key" },
        body: JSON.stringify({ token }),
        status: 401,
        byLane: true,
      },
      {
        name: "no key",
        method: "POST",
        path: "/api/v1/coupons/verify",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
        status: 401,
        byLane: true,
      },
      {
        name: "too large",
        method: "POST",
        path: "/api/v1/coupons/verify",
        headers: auth,
        body: JSON.stringify({ token: "x".repeat(20_000) }),
        status: 413,
        byLane: true,
      },
      {
        // 1,000 ids: a body over the API's default 16 KiB that the batch accept reads whole (each is unknown).
        name: "batch accept",
        method: "POST",
        path: "/api/v1/transfers/accept",
        headers: { ...auth, "idempotency-key": `lane-batch-${Date.now()}` },
        body: JSON.stringify({
          transfers: Array.from({ length: 1000 }, (_, i) => `trf_${String(i).padStart(22, "0")}`),
        }),
        status: 200,
        byLane: true,
      },
      { name: "shop", method: "GET", path: "/api/v1/shop?x=1", headers: auth, status: 200, byLane: true },
      { name: "openapi", method: "GET", path: "/api/v1/openapi.json", status: 200, byLane: true },
      {
        name: "unknown path",
        method: "GET",
        path: "/api/v1/no-such-thing",
        headers: auth,
        status: 404,
        byLane: false,
      },
      {
        name: "method the route lacks",
        method: "GET",
        path: "/api/v1/coupons/verify",
        headers: auth,
        status: 405,
        byLane: false,
      },
    ];
    for (const each of cases) {
      // An idempotency key per server: the two share the database, and a repeated key would replay.
      const headers = (server: string) =>
        each.headers?.["idempotency-key"]
          ? { ...each.headers, "idempotency-key": `${each.headers["idempotency-key"]}-${server}` }
          : each.headers;
      const viaLane = await send(lane.port, each.method, each.path, headers("lane"), each.body);
      const viaNext = await send(next.port, each.method, each.path, headers("next"), each.body);
      expect(viaNext.status, `${each.name} (Next)`).toBe(each.status);
      expect(viaLane.status, each.name).toBe(viaNext.status);
      expect(viaLane.body, each.name).toBe(viaNext.body);
      expect(headerSet(viaLane), each.name).toEqual(headerSet(viaNext));
      expect(viaLane.headers["strict-transport-security"], each.name).toBeDefined();
      expect(viaLane.headers["x-request-id"], each.name).toMatch(/^[0-9a-f-]{36}$/);
      expect(viaNext.headers["x-request-id"], each.name).toMatch(/^[0-9a-f-]{36}$/);
      // Which path answered: the lane writes a Content-Length where Next streams a handler's answer.
      if (each.byLane) {
        expect(viaLane.headers["content-length"], `${each.name} served by the lane`).toBeDefined();
        expect(viaNext.headers["content-length"], `${each.name} served by Next`).toBeUndefined();
      } else {
        expect(viaLane.headers["content-length"], `${each.name} left to Next`).toBe(
          viaNext.headers["content-length"],
        );
        expect(viaLane.headers["transfer-encoding"], `${each.name} left to Next`).toBe(
          viaNext.headers["transfer-encoding"],
        );
      }
    }
  } finally {
    for (const server of [lane, next]) {
      if (server.child.exitCode === null) server.child.kill("SIGTERM");
    }
  }
});
