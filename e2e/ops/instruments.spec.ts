/**
 * The operator's instruments end to end, on a server and a job worker of this spec's own (on the app's database,
 * so their stdout can be read): after an API call, a refused API call and a coupon given and accepted in the
 * wallet, the metrics listener answers with `scrip_` series that counted them, every stdout line is JSON with
 * the named fields and no secret, `/api/ready` answers 200, and the job worker logs and counts its job runs.
 * The server runs two processes (SCRIP_WEB_CONCURRENCY=2), so the metrics are the primary's aggregate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { type Browser, expect, test } from "@playwright/test";
import { runningDataDir } from "../support/running-app";
import { addVirtualAuthenticator, signUp, uniqueHandle, withoutPasskeyAutofill } from "../support/webauthn";
import { giveByHandle, type Person, requestCoupon, verifyAndAccept } from "../wallet/wallet-helpers";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A process of this spec, with everything it printed. */
function startProcess(script: string, env: Record<string, string>, conditions: string[] = []) {
  let stdout = "";
  let stderr = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [...conditions, "--import", "tsx", path.join(process.cwd(), "scripts", script)],
    { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  return { child, stdout: () => stdout, output: () => `${stdout}\n${stderr}` };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** Terminal colour codes (ESC [ … m), which Next prints around its start-up line. */
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/**
 * The JSON objects of a process's stdout; fails on any line that is not JSON, except the one line Next.js itself
 * prints while it loads next.config.ts at start-up (before the server listens; not Scrip's to format).
 */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter(
      (line) =>
        line.trim() !== "" && !/^\W*Running next\.config\.ts took \d+ms\W*$/.test(line.replace(ansi, "")),
    )
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`a stdout line is not JSON: ${line}`);
      }
    });
}

/** The value of one series in a Prometheus text exposition (the first line starting with `series `), or null. */
function seriesValue(text: string, series: string): number | null {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

async function newPersonAt(browser: Browser, baseURL: string, prefix: string, name: string): Promise<Person> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  const handle = uniqueHandle(prefix);
  await signUp(page, handle, name);
  return { context, page, handle, name };
}

test("[ops] instruments: metrics count an API call, a refusal and an owner change; logs are JSON with the named fields", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const dataDir = runningDataDir();
  const runtime = JSON.parse(fs.readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as {
    databaseUrl: string;
  };
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<
    string,
    string
  >;
  const [port, metricsPort, workerMetricsPort] = [await freePort(), await freePort(), await freePort()];
  const origin = `http://localhost:${port}`;
  const env: Record<string, string> = {
    ...secrets,
    DATABASE_URL: runtime.databaseUrl,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    SCRIP_CURRENCIES: "EUR,JPY",
  };

  // A shop's API key and an issued coupon's token (the API lane spec's fixture).
  const fixture = startProcess(
    "../e2e/support/api-lane-fixture.ts",
    {
      ...env,
      SCRIP_ORIGIN: "http://localhost:3000",
    },
    ["--conditions=react-server"],
  );
  const fixtureCode = await new Promise<number | null>((resolve) => fixture.child.once("exit", resolve));
  expect(fixtureCode, fixture.output()).toBe(0);
  const { key, token } = JSON.parse(fixture.stdout().trim().split("\n").at(-1) as string) as {
    key: string;
    token: string;
  };

  const server = startProcess("server.ts", {
    ...env,
    PORT: String(port),
    HOST: "localhost",
    SCRIP_ORIGIN: origin,
    SCRIP_WEB_CONCURRENCY: "2",
    SCRIP_METRICS_PORT: String(metricsPort),
    SCRIP_WEBHOOK_WORKER: "off",
  });
  const worker = startProcess(
    "worker.ts",
    { ...env, SCRIP_ORIGIN: origin, SCRIP_WORKER_METRICS_PORT: String(workerMetricsPort) },
    ["--conditions=react-server"],
  );
  const people: Person[] = [];
  try {
    await expect
      .poll(async () => (await fetch(`${origin}/api/health`).catch(() => null))?.status, {
        timeout: 120_000,
        message: server.output(),
      })
      .toBe(200);

    // Ready: the database takes writes and every migration is applied.
    const ready = await fetch(`${origin}/api/ready`);
    expect(ready.status, server.output()).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect(ready.headers.get("cache-control")).toBe("no-store");

    // An API call (the API lane), with a request id as HAProxy would send one, and a refused one.
    const verified = await fetch(`${origin}/api/v1/coupons/verify`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "x-request-id": "e2e-ops-1",
      },
      body: JSON.stringify({ token }),
    });
    expect(verified.status).toBe(200);
    expect(verified.headers.get("x-request-id")).toBe("e2e-ops-1");
    const refused = await fetch(`${origin}/api/v1/coupons/verify`, {
      method: "POST",
      headers: {
        authorization: "Bearer scrip_sk_notAKeyAtAllButLongEnough",
        "content-type": "application/json",
      },
      body: JSON.stringify({ token }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // A wallet action: a coupon given by one person and accepted by another (an owner change).
    const giver = await newPersonAt(browser, origin, "opsgive", "Ops Giver");
    const taker = await newPersonAt(browser, origin, "opstake", "Ops Taker");
    people.push(giver, taker);
    await requestCoupon(giver.page, "3.00");
    await giveByHandle(giver.page, taker);
    await verifyAndAccept(taker.page, giver.name);

    // The metrics: the primary's aggregate of both server processes, on the listener of its own.
    const scrape = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    await expect
      .poll(async () => seriesValue(await scrape(), "scrip_owner_changes_total"), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    const metrics = await scrape();
    expect(
      seriesValue(
        metrics,
        'scrip_http_request_duration_seconds_count{route="/api/v1/coupons/verify",method="POST",status_class="2xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(seriesValue(metrics, 'scrip_failures_total{code="UNAUTHENTICATED"}')).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(
      /scrip_http_request_duration_seconds_count\{route="\/wallet\/coupons\/\[id\]",method="GET"/,
    );
    expect(metrics).toMatch(/^scrip_db_connections\{application="[^"]+",state="[^"]+"\} \d+/m);
    expect(metrics).toMatch(/^scrip_job_queue_depth\{queue="charging-run",state="created"\} \d+/m);
    expect(metrics).toMatch(/^scrip_job_queue_lag_seconds\{queue="charging-run"\} \d/m);
    expect(metrics).toMatch(/^scrip_webhook_backlog\{status="pending"\} \d+/m);
    expect(metrics).toMatch(/^scrip_process_cpu_seconds_total \d/m);
    // Two processes of ten connections each: the primary sums what each worker reports.
    expect(seriesValue(metrics, "scrip_db_pool_max_connections")).toBe(20);
    // Route labels are patterns: no coupon, transfer or shop id is a label value.
    expect(metrics).not.toMatch(/route="[^"]*(cpn_|trf_|shp_)/);
    for (const line of metrics.split("\n").filter((l) => l && !l.startsWith("#"))) {
      expect(line, "every series is Scrip's").toMatch(/^scrip_/);
    }

    // The logs: every stdout line of the server is JSON; one line per request with the named fields.
    const serverLines = jsonLines(server.stdout());
    const apiLine = serverLines.find((line) => line.requestId === "e2e-ops-1");
    expect(apiLine, server.stdout()).toMatchObject({
      msg: "request",
      method: "POST",
      route: "/api/v1/coupons/verify",
      status: 200,
      outcome: "ok",
      operation: "verifyCoupon",
      actor: expect.stringMatching(/^shop:shp_[^ ]+\/key:/),
    });
    expect(typeof apiLine?.durationMs).toBe("number");
    expect(serverLines).toContainEqual(
      expect.objectContaining({
        route: "/api/v1/coupons/verify",
        status: 401,
        outcome: "failed",
        errorCode: "UNAUTHENTICATED",
      }),
    );
    // The accept, by the taker, confirmed with a passkey.
    expect(serverLines).toContainEqual(
      expect.objectContaining({
        msg: "request",
        outcome: "ok",
        operation: "transfer.accept",
        actor: expect.stringMatching(/^user:usr_/),
      }),
    );
    const everything = server.output() + worker.output();
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(token);

    // The job worker: one JSON line per job run, and its own metrics listener counting them.
    await expect
      .poll(() => jsonLines(worker.stdout()).filter((line) => line.msg === "job").length, {
        timeout: 60_000,
        message: worker.output(),
      })
      .toBeGreaterThan(0);
    const jobLine = jsonLines(worker.stdout()).find((line) => line.msg === "job");
    expect(jobLine).toMatchObject({ job: expect.any(String), jobId: expect.any(String), outcome: "ok" });
    expect(typeof jobLine?.durationMs).toBe("number");
    const workerMetrics = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
    expect(workerMetrics).toMatch(
      new RegExp(`^scrip_job_runs_total\\{job="${jobLine?.job}",outcome="ok"\\} [1-9]`, "m"),
    );
    expect(workerMetrics).toMatch(/^scrip_job_duration_seconds_count\{job="[^"]+",outcome="ok"\} [1-9]/m);
  } finally {
    for (const person of people) await person.context.close();
    await Promise.all([stop(server.child), stop(worker.child)]);
  }
});
