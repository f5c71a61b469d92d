/**
 * The HTTP path: `POST /api/v1/coupons/verify` on Scrip's production server under autocannon (32 connections),
 * beside a bare `node:http` server (bench/bare-verify-server.ts) doing the API key lookup and the token
 * verification on the same database. Scrip is started through `npm start`'s own path (scripts/start.ts, which
 * runs scripts/server.ts) on a port of its own, against the bench database, with SCRIP_WEB_CONCURRENCY 1 and 2.
 *
 * It builds nothing itself: `npm start` builds the app when `.next` is missing or older than the sources (said
 * on the console), once, before the first measurement. Every answer must be a 2xx: the key's rate limit is
 * lifted for the run through SCRIP_API_REQUESTS_PER_MINUTE, and any non-2xx, error or timeout fails the bench.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { inArray } from "drizzle-orm";
import { coupons } from "../db/schema";
import { createApiKey } from "../lib/api-keys/create-api-key";
import { systemActor } from "../lib/auth/actor";
import { couponTokenOf } from "../lib/coupons/get-coupon-token";
import { createTestShop } from "../tests/support/auth-sessions";
import type { BenchDatabase } from "./database";
import { createBenchUsers, issueBenchCoupon } from "./owner-change";
import { round } from "./stats";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const connections = 32;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited during start-up (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** The process and its descendants (Linux /proc; empty elsewhere). */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (const current of pids) {
    const tasks = `/proc/${current}/task`;
    if (!fs.existsSync(tasks)) continue;
    for (const task of fs.readdirSync(tasks)) {
      const children = fs.readFileSync(`${tasks}/${task}/children`, "utf8").trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    }
  }
  return pids;
}

/** CPU time (user + system, ms) used so far by `pid` and its descendants; NaN where /proc is missing. */
function cpuMs(pid: number): number {
  let ticks = 0;
  for (const each of processTree(pid)) {
    const stat = fs.existsSync(`/proc/${each}/stat`) ? fs.readFileSync(`/proc/${each}/stat`, "utf8") : "";
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return fs.existsSync(`/proc/${pid}/stat`) ? ticks * 10 : Number.NaN;
}

interface Load {
  url: string;
  method: "GET" | "POST";
  key?: string;
  tokens?: string[];
  seconds: number;
  /** The server's process: its CPU time per request is measured over the run. */
  serverPid?: number;
}

/** One autocannon run; throws unless every answer was a 2xx. Returns requests/second and p99 latency. */
async function load({ url, method, key, tokens, seconds, serverPid }: Load) {
  let next = 0;
  const cpuBefore = serverPid ? cpuMs(serverPid) : Number.NaN;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method,
    headers: key ? { authorization: `Bearer ${key}`, "content-type": "application/json" } : {},
    requests: tokens
      ? [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ token: tokens[next++ % tokens.length] }),
            }),
          },
        ]
      : undefined,
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) {
    throw new Error(
      `${method} ${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `of ${result.requests.total} requests; the benchmark measures successful calls only`,
    );
  }
  const cpuPerRequest = serverPid ? (cpuMs(serverPid) - cpuBefore) / result.requests.total : Number.NaN;
  return {
    rps: result.requests.total / (result.duration || seconds),
    p99: result.latency.p99,
    cpuMsPerRequest: cpuPerRequest,
  };
}

/** The coupon tokens and the API key the load uses: a real shop, a real key, real issued coupons. */
export async function prepareHttpVerify(bench: BenchDatabase, couponCount: number) {
  const [owner] = await createBenchUsers(bench.db, 1);
  if (!owner) throw new Error("no bench user");
  const ids: string[] = [];
  for (let i = 0; i < couponCount; i++) ids.push(await issueBenchCoupon(bench.db, owner, "EUR"));
  const rows = await bench.db.select().from(coupons).where(inArray(coupons.id, ids));
  const shop = await createTestShop(bench.db);
  const { key } = await createApiKey(bench.db, systemActor("http benchmark"), {
    shopId: shop.shopId,
    name: "http benchmark",
    scopes: ["read"],
  });
  return { key, tokens: rows.map(couponTokenOf) };
}

/** `npm start`'s path on the bench database, with `concurrency` web server processes and no job worker. */
async function startScrip(bench: BenchDatabase, dataDir: string, concurrency: number) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: bench.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      SCRIP_ORIGIN: `http://127.0.0.1:${port}`,
      SCRIP_DATA_DIR: dataDir,
      SCRIP_JOBS: "0",
      SCRIP_WEB_CONCURRENCY: String(concurrency),
      // The benchmark's one key makes thousands of calls a second: lift its limit so no answer is a 429.
      SCRIP_API_REQUESTS_PER_MINUTE: "1000000000",
      // One JSON log line per request would put hundreds of thousands of lines on this console; warnings and
      // errors still show. SCRIP_LOG_LEVEL=info measures with the request lines written.
      SCRIP_LOG_LEVEL: process.env.SCRIP_LOG_LEVEL ?? "warn",
    },
  });
  // The first start may build the app (npm start's own rule, announced on the console).
  await waitFor(`http://127.0.0.1:${port}/api/health`, child, 900_000);
  return { child, origin: `http://127.0.0.1:${port}` };
}

async function startBare(bench: BenchDatabase) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "bench", "bare-verify-server.ts")],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DATABASE_URL: bench.url, PORT: String(port), HOST: "127.0.0.1" },
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  // The bare server has no health route: any answer (a 401 to this key-less call) means it listens.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error("the bare server exited during start-up");
    try {
      await fetch(`${origin}/`, { method: "POST" });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("the bare server did not start");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { child, origin };
}

/**
 * Runs the HTTP benchmark: `seconds` of load per measurement after a short untimed warm-up of each server.
 * Returns the keys for results.json and the table lines.
 */
export async function runHttpVerifyBenchmark(bench: BenchDatabase, options: { quick: boolean }) {
  const seconds = options.quick ? 5 : 20;
  const warmUp = options.quick ? 2 : 5;
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log(
      "No production build in .next: `npm start`'s path builds it once before the first measurement.",
    );
  }
  // The same secrets for this process (which issues the coupons) and the server (which reads their keys).
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.SCRIP_KEY_ENCRYPTION_KEY ??= randomBytes(32).toString("base64url");
  const { key, tokens } = await prepareHttpVerify(bench, options.quick ? 20 : 100);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "scrip-bench-http-"));
  const results: Record<string, number> = {};
  const lines: string[] = [];
  const verify = (origin: string, secs: number, serverPid?: number) =>
    load({ url: `${origin}/api/v1/coupons/verify`, method: "POST", key, tokens, seconds: secs, serverPid });
  try {
    const bare = await startBare(bench);
    let bareRun: Awaited<ReturnType<typeof load>>;
    try {
      await load({ url: `${bare.origin}/verify`, method: "POST", key, tokens, seconds: warmUp });
      bareRun = await load({
        url: `${bare.origin}/verify`,
        method: "POST",
        key,
        tokens,
        seconds,
        serverPid: bare.child.pid,
      });
    } finally {
      await stop(bare.child);
    }
    const scrip: Record<number, Awaited<ReturnType<typeof load>>> = {};
    for (const concurrency of [1, 2]) {
      const server = await startScrip(bench, dataDir, concurrency);
      try {
        await verify(server.origin, warmUp);
        scrip[concurrency] = await verify(server.origin, seconds, server.child.pid);
        if (concurrency === 1) {
          const health = await load({
            url: `${server.origin}/api/health`,
            method: "GET",
            seconds,
            serverPid: server.child.pid,
          });
          results.http_health_rps = round(health.rps, 0);
          results.http_health_cpu_ms = round(health.cpuMsPerRequest);
        }
      } finally {
        await stop(server.child);
      }
    }
    const one = scrip[1] as Awaited<ReturnType<typeof load>>;
    const two = scrip[2] as Awaited<ReturnType<typeof load>>;
    results.http_verify_ratio = round(one.rps / bareRun.rps);
    results.http_verify_p99_ms = one.p99;
    results.http_verify_rps_1 = round(one.rps, 0);
    results.http_verify_rps_2 = round(two.rps, 0);
    // CPU per request (all server processes): steadier than requests per second on a shared machine.
    results.http_verify_cpu_ms = round(one.cpuMsPerRequest);
    results.http_verify_bare_cpu_ms = round(bareRun.cpuMsPerRequest);
    lines.push(
      `| POST /api/v1/coupons/verify/s, ${connections} connections, 1 process (p99 ${one.p99} ms) | ${results.http_verify_rps_1} | ${round(bareRun.rps, 0)} (bare node:http, p99 ${bareRun.p99} ms) | ${results.http_verify_ratio} | ≥ 0.5, p99 < 50 ms |`,
      `| server CPU per verify call, 1 process | ${results.http_verify_cpu_ms} ms | ${results.http_verify_bare_cpu_ms} ms (bare) | ${round(bareRun.cpuMsPerRequest / one.cpuMsPerRequest)} | (explains the ratio) |`,
      `| POST /api/v1/coupons/verify/s, ${connections} connections, 2 processes (p99 ${two.p99} ms) | ${results.http_verify_rps_2} | ${results.http_verify_rps_1} (1 process) | ${round(two.rps / one.rps)} | (recorded) |`,
      `| GET /api/health/s, ${connections} connections, 1 process (${results.http_health_cpu_ms} ms CPU each) | ${results.http_health_rps} | | | (reference) |`,
    );
    for (const line of lines) console.log(line);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { results, lines };
}
