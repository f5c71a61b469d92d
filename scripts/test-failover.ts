/**
 * `npm run test:failover`: builds Scrip's production topology on this one machine and proves it survives the
 * loss of an app instance and of the PostgreSQL primary without losing or repeating an acknowledged change.
 *
 *   HAProxy (health check HEALTH_PATH)            :base+40
 *     ├─ Scrip web instance 1 (scripts/server.ts)   :base+31   ─┐ DATABASE_URL: both PgBouncers, read-write one
 *     └─ Scrip web instance 2                       :base+32   ─┘ DATABASE_DIRECT_URL: both PostgreSQLs
 *   Scrip job worker (scripts/worker.ts, pg-boss on DATABASE_DIRECT_URL)
 *   node 1: PostgreSQL (pg_auto_failover keeper) :base+11, its PgBouncer (transaction pooling) :base+21
 *   node 2: PostgreSQL, synchronous standby      :base+12, its PgBouncer                        :base+22
 *   pg_auto_failover monitor                      :base+10
 *
 * Each PostgreSQL node runs `pg_autoctl` as the postgres user in a session of its own (setsid), so killing the
 * node kills its whole process group: pg_autoctl, its postgres, and the node's PgBouncer (a machine lost). The
 * script seeds a shop with an API key and pending offers to it, then runs an HTTP load through HAProxy of owner
 * changes (POST /api/v1/transfers/{id}/accept) and checkouts (POST /api/v1/payment-requests), each with its own
 * Idempotency-Key, retried with the same key on 5xx, on a network error and while a retry finds the key still
 * held (409 CONCURRENT_REQUEST). During the load it kills -9 one app instance, then the primary node; it loads
 * on until writes resume and a while after, then checks on the new primary that every acknowledged (2xx) change
 * is there, none was applied twice, `npm run ledger:check` is clean and the job worker carried on, and prints
 *   acknowledged 5321, lost 0, applied twice 0, writes resumed after 14.2 s
 * as its last line. Exit status 1 on any loss, double application, unclean ledger, unexpected refusal, or when
 * writes never resumed. Everything it started is killed on exit, on failure and on Ctrl-C.
 *
 * Needs the Debian packages postgresql-15-auto-failover, pgbouncer and haproxy (installed when missing, with
 * sudo when not root), and the production build (`.next`, built when missing). Environment:
 * SCRIP_FAILOVER_BASE_PORT (default 27300: below Linux's ephemeral range, 32768–60999, where an outgoing
 * connection may hold any port at the moment a server wants to listen on it), SCRIP_FAILOVER_DIR (default a new temporary directory, removed
 * afterwards), SCRIP_FAILOVER_KEEP=1 keeps the directory and its logs.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/**
 * The path HAProxy checks on every app instance: 200 means "send me requests" — only while the instance's pool
 * reaches a writable primary with every migration applied (the readiness probe, not mere liveness).
 */
const HEALTH_PATH = "/api/ready";

const base = Number(process.env.SCRIP_FAILOVER_BASE_PORT ?? 27300);
const ports = {
  monitor: base + 10,
  node: [base + 11, base + 12],
  bouncer: [base + 21, base + 22],
  app: [base + 31, base + 32],
  haproxy: base + 40,
  /** Each app instance's metrics listener, and the job worker's. */
  metrics: [base + 51, base + 52],
  workerMetrics: base + 53,
  /** The shop's webhook receiver (in this process). */
  webhook: base + 60,
};
const pgBin = "/usr/lib/postgresql/15/bin";
const keepDir = process.env.SCRIP_FAILOVER_KEEP === "1";
const dir = process.env.SCRIP_FAILOVER_DIR
  ? path.resolve(process.env.SCRIP_FAILOVER_DIR)
  : fs.mkdtempSync(path.join(os.tmpdir(), "scrip-failover-"));
const isRoot = process.getuid?.() === 0;

/** The statement timeout of the app's role (through PgBouncer), and PgBouncer's backstop a little longer. */
const statementTimeoutMs = 30_000;
const bouncerQueryTimeoutS = 35;

/** Load: concurrent clients, when the app instance and the primary are killed, how long to go on after. */
const clients = 8;
const killAppAfterMs = 6_000;
const killPrimaryAfterMs = 12_000;
const loadAfterResumeMs = 10_000;
const resumeDeadlineMs = 90_000;
const offersToSeed = 4_000;

const secrets = {
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  SCRIP_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
};

const log = (message: string) =>
  console.log(`[failover ${new Date().toISOString().slice(11, 23)}] ${message}`);

// ─── processes ────────────────────────────────────────────────────────────────────────────────────────────────

interface Started {
  name: string;
  child: ChildProcess;
  /** Data directory of a PostgreSQL it runs (pg_autoctl), whose postmaster's children are killed too. */
  pgdata?: string;
}
const started: Started[] = [];

/** The command line to run `command` as the postgres user (PostgreSQL refuses root). */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return isRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

const childEnv = () => ({
  ...process.env,
  PATH: `${pgBin}:${process.env.PATH ?? ""}`,
  HOME: dir,
  XDG_CONFIG_HOME: path.join(dir, "xdg", "config"),
  XDG_DATA_HOME: path.join(dir, "xdg", "data"),
  PGHOST: "127.0.0.1",
});

/** Starts a long-running process in a session and process group of its own, its output in `dir/<name>.log`. */
function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; pgdata?: string } = {},
): Started {
  const out = fs.openSync(path.join(dir, `${name}.log`), "a");
  const child = spawn(command, args, {
    cwd: root,
    env: options.env ?? childEnv(),
    stdio: ["ignore", out, out],
    detached: true,
  });
  fs.closeSync(out);
  const entry = { name, child, pgdata: options.pgdata };
  started.push(entry);
  return entry;
}

/** The PIDs of a PostgreSQL's postmaster and its children (backends run in process groups of their own). */
function postgresPids(pgdata: string): number[] {
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return [];
  const postmaster = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(postmaster) || postmaster <= 1) return [];
  const children = spawnSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" })
    .stdout.split("\n")
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 1);
  return [postmaster, ...children];
}

function signal(pid: number, group: boolean) {
  try {
    process.kill(group ? -pid : pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** kill -9 of a started process's whole process group (and of its PostgreSQL, whose children leave the group). */
function killHard(entry: Started): void {
  const pids = entry.pgdata ? postgresPids(entry.pgdata) : [];
  if (entry.child.pid) signal(entry.child.pid, true);
  for (const pid of pids) signal(pid, false);
}

let tornDown = false;
function teardown(): void {
  if (tornDown) return;
  tornDown = true;
  for (const entry of [...started].reverse()) killHard(entry);
  // A killed postmaster's backends notice and exit on their own; wait for them before removing the directory.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const left = started.flatMap((entry) => (entry.pgdata ? postgresPids(entry.pgdata) : []));
    if (left.every((pid) => !alive(pid))) break;
    spawnSync("sleep", ["0.2"]);
  }
  if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`(logs and data kept in ${dir})`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(
    `${what} did not happen within ${timeoutMs / 1000} s${lastError ? ` (${(lastError as Error).message})` : ""}`,
  );
}

// ─── set-up ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Installs the Debian packages the topology needs when one is missing (as .ci/run does for Chromium). */
function ensurePackages(): void {
  const missing: string[] = [];
  if (!fs.existsSync("/usr/bin/pg_autoctl")) missing.push("postgresql-15-auto-failover");
  if (!fs.existsSync("/usr/sbin/pgbouncer")) missing.push("pgbouncer");
  if (!fs.existsSync("/usr/sbin/haproxy")) missing.push("haproxy");
  if (missing.length === 0) return;
  log(`installing ${missing.join(", ")} (Debian packages)…`);
  const sudo = isRoot ? [] : ["sudo"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args: string[]) => {
    const [command, ...rest] = [...sudo, ...args] as [string, ...string[]];
    const result = spawnSync(command, rest, { stdio: "inherit", env });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed`);
  };
  run(["apt-get", "update", "-qq"]);
  run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing]);
}

function ensureBuild(): void {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  log("building Scrip (no production build yet)…");
  const result = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { env: childEnv(), encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

const adminUrl = (port: number, database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;

async function query<T extends Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    return (await client.unsafe(text)) as unknown as T[];
  } finally {
    await client.end({ timeout: 1 });
  }
}

const monitorUri = `postgres://autoctl_node@127.0.0.1:${ports.monitor}/pg_auto_failover?sslmode=disable`;

/** The nodes' states as the monitor sees them. */
async function nodeStates(): Promise<{ name: string; port: number; state: string; assigned: string }[]> {
  return query(
    adminUrl(ports.monitor, "pg_auto_failover"),
    "select nodename as name, nodeport as port, reportedstate::text as state, goalstate::text as assigned from pgautofailover.node order by nodeid",
  );
}

const nodes: Started[] = [];
const bouncers: Started[] = [];

async function startMonitor(): Promise<void> {
  const pgdata = path.join(dir, "monitor");
  const [command, args] = asPostgres("/usr/bin/pg_autoctl", [
    "create",
    "monitor",
    "--pgdata",
    pgdata,
    "--pgport",
    String(ports.monitor),
    "--hostname",
    "127.0.0.1",
    "--auth",
    "trust",
    "--no-ssl",
    "--pgctl",
    `${pgBin}/pg_ctl`,
    "--run",
  ]);
  startProcess("monitor", command, args, { pgdata });
  await waitFor("the monitor", 60_000, async () => {
    const rows = await query(
      adminUrl(ports.monitor, "pg_auto_failover"),
      "select 1 from pgautofailover.formation",
    );
    return rows.length > 0 ? true : undefined;
  });
  // Detect a lost node in about 5 s instead of 20 s (the defaults suit a WAN, not one machine).
  for (const [name, value] of [
    ["health_check_period", "1000"],
    ["health_check_timeout", "2000"],
    ["health_check_max_retries", "1"],
    ["health_check_retry_delay", "500"],
    ["node_considered_unhealthy_timeout", "4000"],
    // How long the monitor waits for a lost primary to have demoted itself before promoting the standby: it
    // must stay above the keepers' network_partition_timeout (set to 3 s in startNode), or a primary that is
    // only cut off could still take writes while the standby is promoted.
    ["primary_demote_timeout", "5000"],
  ]) {
    await query(adminUrl(ports.monitor), `alter system set pgautofailover.${name} = ${value}`);
  }
  await query(adminUrl(ports.monitor), "select pg_reload_conf()");
}

async function startNode(index: number): Promise<void> {
  const name = `node${index + 1}`;
  const pgdata = path.join(dir, name);
  const port = ports.node[index] as number;
  const [command, args] = asPostgres("/usr/bin/pg_autoctl", [
    "create",
    "postgres",
    "--pgdata",
    pgdata,
    "--pgport",
    String(port),
    "--hostname",
    "127.0.0.1",
    "--name",
    name,
    "--dbname",
    "scrip",
    "--auth",
    "trust",
    "--no-ssl",
    "--monitor",
    monitorUri,
    "--pgctl",
    `${pgBin}/pg_ctl`,
    "--run",
  ]);
  nodes[index] = startProcess(name, command, args, { pgdata });
}

/**
 * A keeper whose primary cannot reach the monitor nor any standby demotes it after this many seconds (default
 * 20); the monitor's primary_demote_timeout (5 s, startMonitor) waits longer than that before it promotes.
 */
function shortenPartitionTimeout(index: number): void {
  const pgdata = path.join(dir, `node${index + 1}`);
  const [command, args] = asPostgres("/usr/bin/pg_autoctl", [
    "config",
    "set",
    "--pgdata",
    pgdata,
    "timeout.network_partition_timeout",
    "3",
  ]);
  run(command, args);
  const [reload, reloadArgs] = asPostgres("/usr/bin/pg_autoctl", ["reload", "--pgdata", pgdata]);
  run(reload, reloadArgs);
}

/** Waits for the primary and its synchronous standby (hurrying the standby's base backup's checkpoint). */
async function waitForPair(): Promise<void> {
  await waitFor("a primary and a secondary", 180_000, async () => {
    const states = await nodeStates().catch(() => []);
    const node2 = states.find((node) => node.name === "node2");
    if (node2 && ["wait_standby", "catchingup"].includes(node2.assigned)) {
      // pg_basebackup waits for a spread checkpoint (minutes); an explicit CHECKPOINT finishes it now.
      await query(adminUrl(ports.node[0] as number), "checkpoint").catch(() => {});
    }
    const ok =
      states.some((node) => node.state === "primary" && node.assigned === "primary") &&
      states.some((node) => node.state === "secondary" && node.assigned === "secondary");
    return ok ? states : undefined;
  });
  const [sync] = await query<{ synchronous_standby_names: string }>(
    adminUrl(ports.node[0] as number),
    "show synchronous_standby_names",
  );
  log(
    `primary node1, synchronous standby node2 (synchronous_standby_names = ${sync?.synchronous_standby_names})`,
  );
}

function startBouncer(index: number): void {
  const name = `pgbouncer${index + 1}`;
  const config = path.join(dir, `${name}.ini`);
  const users = path.join(dir, "pgbouncer-users.txt");
  fs.writeFileSync(users, `"scrip" ""\n`);
  fs.writeFileSync(
    config,
    [
      "[databases]",
      // Each node's PgBouncer sends its clients to that node's PostgreSQL only: whether it is the primary is
      // the client's question (target_session_attrs=read-write over both PgBouncers).
      `scrip = host=127.0.0.1 port=${ports.node[index]} dbname=scrip`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${ports.bouncer[index]}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${users}`,
      // The admin console (SHOW CLIENTS, SHOW SERVERS), read when a check fails.
      "admin_users = scrip",
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 20",
      // PgBouncer 1.18 cannot pass statement_timeout from the client: the role's setting applies (see
      // db/connection-settings.ts) and this is the backstop for a server that stopped answering.
      `query_timeout = ${bouncerQueryTimeoutS}`,
      "server_connect_timeout = 3",
      // A client waiting for a server connection (the node is restarting or being promoted) gets an error after
      // 10 s instead of 120 s, well inside HAProxy's timeout, and retries.
      "query_wait_timeout = 10",
      "server_login_retry = 1",
      ...(process.env.SCRIP_FAILOVER_BOUNCER_VERBOSE ? ["verbose = 2"] : []),
      `logfile = ${path.join(dir, `${name}.pgb.log`)}`,
      `pidfile = ${path.join(dir, `${name}.pid`)}`,
      "",
    ].join("\n"),
  );
  const [command, args] = asPostgres("/usr/sbin/pgbouncer", [config]);
  bouncers[index] = startProcess(name, command, args);
}

function startHaproxy(): void {
  const config = path.join(dir, "haproxy.cfg");
  fs.writeFileSync(
    config,
    [
      "global",
      "  maxconn 2000",
      "defaults",
      "  mode http",
      "  timeout connect 2s",
      "  timeout client 60s",
      // Longer than the statement timeout: a slow request is the app's to answer (503), not HAProxy's (504).
      "  timeout server 45s",
      // Retries only a connection that failed before the request was sent (an instance that is gone), which
      // never repeats a request; a request the instance took and then lost is the client's to retry, with the
      // same Idempotency-Key.
      "  retries 2",
      "  option redispatch",
      "  retry-on conn-failure",
      "frontend scrip",
      `  bind 127.0.0.1:${ports.haproxy}`,
      "  default_backend apps",
      "backend apps",
      "  balance roundrobin",
      `  option httpchk GET ${HEALTH_PATH}`,
      "  http-check expect status 200",
      "  default-server inter 1s fall 2 rise 1",
      ...ports.app.map((port, i) => `  server app${i + 1} 127.0.0.1:${port} check`),
      "",
    ].join("\n"),
  );
  startProcess("haproxy", "/usr/sbin/haproxy", ["-db", "-f", config]);
}

const bouncerUrl = `postgres://scrip@${ports.bouncer.map((p) => `127.0.0.1:${p}`).join(",")}/scrip?target_session_attrs=read-write`;
const directUrl = `postgres://scrip@${ports.node.map((p) => `127.0.0.1:${p}`).join(",")}/scrip?target_session_attrs=read-write`;
const publicOrigin = `http://127.0.0.1:${ports.haproxy}`;

function appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...secrets,
    DATABASE_URL: bouncerUrl,
    DATABASE_DIRECT_URL: directUrl,
    SCRIP_DB_PREPARE: "0",
    SCRIP_ORIGIN: publicOrigin,
    SCRIP_API_REQUESTS_PER_MINUTE: "100000000",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    SCRIP_METRICS_PORT: "0",
    SCRIP_WORKER_METRICS_PORT: "0",
    // The shop's webhook receiver is this process, on loopback.
    SCRIP_WEBHOOK_ALLOW_ADDRESSES: "loopback",
    ...extra,
  };
}

const apps: Started[] = [];

function startApp(index: number): void {
  apps[index] = startProcess(
    `app${index + 1}`,
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts", "server.ts")],
    {
      env: appEnv({
        PORT: String(ports.app[index]),
        HOST: "127.0.0.1",
        SCRIP_METRICS_PORT: String(ports.metrics[index]),
      }),
    },
  );
}

function startWorker(): Started {
  return startProcess(
    "worker",
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "worker.ts")],
    { env: appEnv({ SCRIP_WORKER_METRICS_PORT: String(ports.workerMetrics) }) },
  );
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

// ─── seed ─────────────────────────────────────────────────────────────────────────────────────────────────────

interface Seed {
  shopId: string;
  partyId: string;
  key: string;
  transferIds: string[];
}

async function prepareRoleAndSeed(): Promise<Seed> {
  const primary = adminUrl(ports.node[0] as number, "scrip");
  // The application role. Through PgBouncer its statement timeout cannot come from the client, so it is the
  // role's setting (replicated with the catalogue, so the standby has it too); direct connections override it
  // with their own (db/connection-settings.ts).
  await query(primary, "create role scrip login");
  await query(primary, "alter database scrip owner to scrip");
  await query(primary, "alter schema public owner to scrip");
  await query(primary, `alter role scrip set statement_timeout = '${statementTimeoutMs}ms'`);
  // The seeding users' passkeys (tests/support) sign for the test origin; the accepts through the API do not
  // re-verify the givers' assertions, so the app instances keep their own origin.
  Object.assign(process.env, secrets, {
    SCRIP_ORIGIN: "http://localhost:3000",
    SCRIP_ISSUANCE_REQUESTS_PER_HOUR: "100000000",
  });
  const { migrateDatabase } = await import("../db/migrate");
  await migrateDatabase(directUrl);
  const { openDatabase } = await import("../db/client");
  const { prepareOffers } = await import("../bench/api-batch-accept");
  const { shops, webhookEndpoints } = await import("../db/schema");
  const { createBenchUsers } = await import("../bench/owner-change");
  const { encryptWebhookSecret } = await import("../lib/webhooks/webhook-secret-store");
  const database = openDatabase(directUrl, { max: 4, purpose: "jobs" });
  try {
    const users = await createBenchUsers(database.db, 8);
    const prepared = await prepareOffers(database, users, offersToSeed);
    // The shop listens for transfer.accepted at this process's receiver, so every accept's outbox message is
    // delivered by the app instances' webhook workers through the failover (their claims and outcomes are
    // database work on the same pools as the requests).
    const [endpoint] = await database.db
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.shopId, prepared.shopId));
    if (!endpoint) throw new Error("the seeded shop has no webhook endpoint");
    await database.db
      .update(webhookEndpoints)
      .set({
        url: `http://127.0.0.1:${ports.webhook}/hooks`,
        secretEncrypted: encryptWebhookSecret(randomBytes(24).toString("base64url"), endpoint.id),
      })
      .where(eq(webhookEndpoints.id, endpoint.id));
    const [shop] = await database.db.select().from(shops).where(eq(shops.id, prepared.shopId));
    if (!shop) throw new Error("the seeded shop is missing");
    return {
      shopId: prepared.shopId,
      partyId: shop.partyId,
      key: prepared.key,
      transferIds: prepared.transferIds,
    };
  } finally {
    await database.close();
  }
}

// ─── the shop's webhook receiver ─────────────────────────────────────────────────────────────────────────────

/** When each delivery arrived (ms since the epoch). */
const webhookArrivals: number[] = [];

function startWebhookReceiver(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      webhookArrivals.push(Date.now());
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(ports.webhook, "127.0.0.1", () => resolve(server));
  });
}

// ─── load ─────────────────────────────────────────────────────────────────────────────────────────────────────

interface Acknowledged {
  kind: "accept" | "checkout";
  /** The transfer accepted, or the payment request created. */
  id: string;
  /** When the answering attempt was sent and answered; whether it was a replay of an earlier commit. */
  sentAt: number;
  answeredAt: number;
  replayed: boolean;
}

const outcomes = new Map<string, number>();
const count = (label: string) => outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
const refusals: string[] = [];

/**
 * One client request, retried with the same Idempotency-Key until it is answered 2xx, refused with a 4xx that
 * is not "the key is still held", or `giveUpAt` passes. Returns the successful answer or null.
 */
async function perform(
  seed: Seed,
  request: { path: string; body: unknown },
  giveUpAt: () => number,
  onRetrying: () => void = () => {},
): Promise<{ json: Record<string, unknown>; sentAt: number; answeredAt: number; replayed: boolean } | null> {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const sentAt = Date.now();
    let retry = true;
    try {
      const response = await fetch(`${publicOrigin}/api/v1${request.path}`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${seed.key}`,
          "Idempotency-Key": key,
          "Content-Type": "application/json",
        },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(50_000),
      });
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      const code = (json.error as { code?: string } | undefined)?.code;
      count(`${response.status}${code ? ` ${code}` : ""}`);
      if (response.ok) {
        return {
          json,
          sentAt,
          answeredAt: Date.now(),
          replayed: response.headers.get("idempotent-replayed") === "true",
        };
      }
      retry = response.status >= 500 || response.status === 429 || code === "CONCURRENT_REQUEST";
      if (!retry) refusals.push(`${request.path}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
    } catch (error) {
      count(`network ${(error as Error).name}`);
    }
    if (!retry || Date.now() > giveUpAt()) return null;
    onRetrying();
    await sleep(Math.min(1000, 50 * 2 ** attempt) + Math.random() * 100);
  }
}

async function runLoad(seed: Seed): Promise<{
  acknowledged: Acknowledged[];
  killedPrimaryAt: number;
  resumedAt: number | null;
  unanswered: number;
}> {
  const acknowledged: Acknowledged[] = [];
  const queue = [...seed.transferIds];
  const startedAt = Date.now();
  let stopAt = Number.POSITIVE_INFINITY;
  let giveUp = Number.POSITIVE_INFINITY;
  let killedPrimaryAt = 0;
  let resumedAt: number | null = null;
  let unanswered = 0;

  const client = async () => {
    while (Date.now() < stopAt) {
      const transferId = Math.random() < 0.6 ? queue.shift() : undefined;
      const request = transferId
        ? { kind: "accept" as const, path: `/transfers/${transferId}/accept`, body: {} }
        : {
            kind: "checkout" as const,
            path: "/payment-requests",
            body: {
              amountMinor: String(100 + Math.floor(Math.random() * 9000)),
              currency: "EUR",
              orderReference: `failover-${randomUUID()}`,
              returnUrl: "https://shop.example/thanks",
            },
          };
      // A request that must be retried carries on in the background (its key may be held for up to the
      // idempotency lease, 60 s, by an attempt that died with the primary), and the client sends a new one.
      let retrying = () => {};
      const startedRetrying = new Promise<void>((resolve) => {
        retrying = resolve;
      });
      const settled = perform(seed, request, () => giveUp, retrying).then((answer) => {
        if (!answer) {
          unanswered++;
          return;
        }
        const id =
          request.kind === "accept"
            ? (transferId as string)
            : String((answer.json.data as { id: string }).id);
        acknowledged.push({ kind: request.kind, id, ...answer });
        if (killedPrimaryAt && !resumedAt && !answer.replayed && answer.sentAt >= killedPrimaryAt) {
          resumedAt = answer.answeredAt;
          log(
            `writes resumed: ${((resumedAt - killedPrimaryAt) / 1000).toFixed(1)} s after the primary was killed`,
          );
          stopAt = Math.min(stopAt, resumedAt + loadAfterResumeMs);
        }
      });
      const first = await Promise.race([
        settled.then(() => "settled"),
        startedRetrying.then(() => "retrying"),
      ]);
      if (first === "retrying") {
        background.push(settled);
        // As a real client that sees failures would, slow down a little before the next new request.
        await sleep(250);
      }
    }
  };
  const background: Promise<void>[] = [];

  const running = Array.from({ length: clients }, () => client());
  await sleep(killAppAfterMs);
  log(`kill -9 app1 (${acknowledged.length} acknowledged so far)`);
  killHard(apps[0] as Started);
  await sleep(killPrimaryAfterMs - killAppAfterMs);
  const primary = (await nodeStates()).find((node) => node.state === "primary");
  if (primary?.name !== "node1") throw new Error(`expected node1 to be the primary, found ${primary?.name}`);
  log(
    `kill -9 the primary node1: pg_autoctl, postgres and its PgBouncer (${acknowledged.length} acknowledged so far)`,
  );
  killedPrimaryAt = Date.now();
  killHard(nodes[0] as Started);
  killHard(bouncers[0] as Started);
  stopAt = killedPrimaryAt + resumeDeadlineMs;
  // New requests stop at `stopAt`; requests still retrying get 20 s more to be answered.
  const watchdog = setInterval(() => {
    // Retries go on past the idempotency lease of keys held by attempts that died with the primary (60 s).
    if (Date.now() >= stopAt && giveUp === Number.POSITIVE_INFINITY)
      giveUp = Math.max(Date.now() + 20_000, killedPrimaryAt + 70_000);
  }, 200);
  await Promise.all(running);
  await Promise.all(background);
  clearInterval(watchdog);
  log(`load done in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  return { acknowledged, killedPrimaryAt, resumedAt, unanswered };
}

// ─── checks ───────────────────────────────────────────────────────────────────────────────────────────────────

async function check(seed: Seed, acknowledged: Acknowledged[], killedPrimaryAt: number) {
  const { openDatabase } = await import("../db/client");
  const { couponEvents, coupons, paymentRequests, transfers } = await import("../db/schema");
  const database = openDatabase(directUrl, { max: 2, purpose: "jobs" });
  try {
    const [where] = await database.sql<{ port: number }[]>`select inet_server_port() as port`;
    log(`checking against the new primary (port ${where?.port})`);
    const accepted = acknowledged.filter((a) => a.kind === "accept").map((a) => a.id);
    const checkouts = acknowledged.filter((a) => a.kind === "checkout").map((a) => a.id);
    let lost = 0;
    for (let i = 0; i < accepted.length; i += 1000) {
      const ids = accepted.slice(i, i + 1000);
      const rows = await database.db
        .select({ id: transfers.id })
        .from(transfers)
        .innerJoin(coupons, eq(coupons.id, transfers.couponId))
        .where(
          and(
            inArray(transfers.id, ids),
            eq(transfers.status, "accepted"),
            eq(coupons.ownerPartyId, seed.partyId),
          ),
        );
      lost += ids.length - rows.length;
    }
    for (let i = 0; i < checkouts.length; i += 1000) {
      const ids = checkouts.slice(i, i + 1000);
      const rows = await database.db
        .select({ id: paymentRequests.id })
        .from(paymentRequests)
        .where(inArray(paymentRequests.id, ids));
      lost += ids.length - rows.length;
    }
    const twiceAccepted = await database.db
      .select({ couponId: couponEvents.couponId })
      .from(couponEvents)
      .innerJoin(transfers, eq(transfers.couponId, couponEvents.couponId))
      .where(and(eq(couponEvents.kind, "accepted"), inArray(transfers.id, seed.transferIds)))
      .groupBy(couponEvents.couponId)
      .having(sql`count(*) > 1`);
    const twiceCheckout = await database.db
      .select({ reference: paymentRequests.orderReference })
      .from(paymentRequests)
      .where(eq(paymentRequests.shopId, seed.shopId))
      .groupBy(paymentRequests.orderReference)
      .having(sql`count(*) > 1`);
    const appliedTwice = twiceAccepted.length + twiceCheckout.length;
    // The worker's pg-boss followed the failover: a job it ran after the primary was killed completed.
    const workerRecovered = await waitFor(
      "a job completed by the worker after the failover",
      45_000,
      async () => {
        const [row] = await database.sql<{ n: number }[]>`
        select count(*)::int as n from pgboss.job
        where state = 'completed' and completed_on > ${new Date(killedPrimaryAt).toISOString()}::timestamptz`;
        return (row?.n ?? 0) > 0 ? true : undefined;
      },
    ).catch((error: Error) => {
      log(error.message);
      return false;
    });
    return { lost, appliedTwice, workerRecovered, standbyStatements: statementsOnStandby() };
  } finally {
    await database.close();
  }
}

function ledgerCheck(): boolean {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts", "ledger-check.ts")],
    {
      cwd: root,
      env: appEnv(),
      encoding: "utf8",
    },
  );
  const output = `${result.stdout}${result.stderr}`.trim();
  log(`ledger:check exited ${result.status}: ${output.split("\n").slice(-3).join(" | ")}`);
  return result.status === 0;
}

/** The counts `npm test` (scripts/test.ts) adds to its summary. */
function writeResults(passed: number, failed: number): void {
  const resultsDir = path.join(root, "test-results");
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, "failover-results.json"), `${JSON.stringify({ passed, failed })}\n`);
}

/** The last lines of every process's log, to see why something failed. */
function tailLogs(): void {
  for (const entry of started) {
    const file = path.join(dir, `${entry.name}.log`);
    if (!fs.existsSync(file)) continue;
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-8);
    console.error(`--- ${entry.name} (last lines of ${file}) ---\n${lines.join("\n")}`);
  }
  // What the surviving PgBouncer and node see: clients waiting or idle in a transaction, statements running.
  const psql = (port: number, database: string, text: string) =>
    spawnSync(
      path.join(pgBin, "psql"),
      ["-h", "127.0.0.1", "-p", String(port), "-U", "scrip", "-X", database, "-c", text],
      {
        encoding: "utf8",
        timeout: 5000,
      },
    );
  for (const text of ["show pools", "show clients", "show servers"]) {
    const result = psql(ports.bouncer[1] as number, "pgbouncer", text);
    console.error(`--- pgbouncer2: ${text} ---\n${result.stdout}${result.stderr}`);
  }
  const activity = psql(
    ports.node[1] as number,
    "scrip",
    "select application_name, client_port, state, wait_event_type, wait_event, now() - state_change as since, left(query, 90) as query from pg_stat_activity where datname = 'scrip' and pid <> pg_backend_pid() order by state_change",
  );
  console.error(`--- node2: pg_stat_activity ---\n${activity.stdout}${activity.stderr}`);
  // Where each live app instance's TCP connections go (which PgBouncer, which node), to see a stuck pool.
  for (const entry of started.filter((s) => s.name.startsWith("app") || s.name === "worker")) {
    if (entry.child.exitCode !== null || entry.child.signalCode !== null || !entry.child.pid) continue;
    const sockets = spawnSync("ss", ["-tanpH"], { encoding: "utf8" }).stdout ?? "";
    const mine = sockets.split("\n").filter((line) => line.includes(`pid=${entry.child.pid},`));
    console.error(`--- ${entry.name}: TCP sockets ---\n${mine.join("\n")}`);
  }
}

/**
 * Statements the standby refused as read-only while it was one: a connection that `target_session_attrs=
 * read-write` should have refused (through PgBouncer too) but was used. Counted from node2's server log.
 */
function statementsOnStandby(): number {
  const logDir = path.join(dir, "node2", "log");
  if (!fs.existsSync(logDir)) return 0;
  let found = 0;
  for (const file of fs.readdirSync(logDir)) {
    const text = fs.readFileSync(path.join(logDir, file), "utf8");
    const lines = text.split("\n").filter((line) => line.includes("in a read-only transaction"));
    if (found === 0 && lines.length > 0) log(`on the standby: ${lines.slice(0, 3).join(" | ")}`);
    found += lines.length;
  }
  return found;
}

/**
 * The operator's instruments on the surviving instance after the failover: it is ready again (writable primary
 * through PgBouncer, migrations current), its metrics count the owner changes and checkouts it acknowledged, and
 * its log is one JSON line per request with the request id, route, status, outcome and duration.
 */
async function instrumentsAfterFailover(): Promise<string[]> {
  const problems: string[] = [];
  const ready = await fetch(`http://127.0.0.1:${ports.app[1]}/api/ready`, {
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (ready?.status !== 200)
    problems.push(`the surviving instance is not ready (${ready?.status ?? "no answer"})`);
  const metrics = await fetch(`http://127.0.0.1:${ports.metrics[1]}/metrics`, {
    signal: AbortSignal.timeout(10_000),
  })
    .then((response) => response.text())
    .catch(() => "");
  /** The sum of a series' samples whose line carries every label given. */
  const value = (series: string, ...labels: string[]) =>
    metrics
      .split("\n")
      .filter((line) => line.startsWith(series) && labels.every((label) => line.includes(label)))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
  const ownerChanges = value("scrip_owner_changes_total");
  // The load's checkouts are the shop server's half (POST /api/v1/payment-requests); scrip_checkouts_total counts
  // a person paying one, which needs their passkey and is not part of this load.
  const paymentRequests = value(
    "scrip_http_request_duration_seconds_count{",
    'route="/api/v1/payment-requests"',
    'method="POST"',
    'status_class="2xx"',
  );
  log(
    `surviving instance's metrics: scrip_owner_changes_total ${ownerChanges}, payment requests answered 2xx ${paymentRequests}`,
  );
  if (!(ownerChanges > 0)) problems.push("the surviving instance's metrics count no owner change");
  if (!(paymentRequests > 0)) problems.push("the surviving instance's metrics time no payment request");
  const logFile = path.join(dir, "app2.log");
  const lines = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n") : [];
  let requests = 0;
  for (const line of lines) {
    if (!line.startsWith("{")) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      problems.push(`a log line is not JSON: ${line.slice(0, 200)}`);
      return problems;
    }
    if (entry.msg !== "request") continue;
    requests++;
    for (const field of ["requestId", "method", "route", "status", "outcome", "durationMs"]) {
      if (!(field in entry)) {
        problems.push(`a request log line lacks ${field}: ${line.slice(0, 200)}`);
        return problems;
      }
    }
  }
  log(`surviving instance's log: ${requests} request lines, all JSON with the named fields`);
  if (requests === 0) problems.push("the surviving instance logged no request line");
  return problems;
}

/** Every port the topology listens on is free now, or the run stops here naming the taken ones. */
async function assertPortsFree(): Promise<void> {
  const all = [ports.monitor, ...ports.node, ...ports.bouncer, ...ports.app, ports.haproxy, ...ports.metrics];
  const taken: number[] = [];
  for (const port of [...all, ports.workerMetrics, ports.webhook]) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (!free) taken.push(port);
  }
  if (taken.length > 0)
    throw new Error(
      `ports ${taken.join(", ")} are taken: stop what holds them or set SCRIP_FAILOVER_BASE_PORT to another base`,
    );
}

// ─── main ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  fs.rmSync(path.join(root, "test-results", "failover-results.json"), { force: true });
  ensurePackages();
  ensureBuild();
  await assertPortsFree();
  fs.mkdirSync(path.join(dir, "xdg"), { recursive: true });
  if (isRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);
  log(`topology in ${dir}, ports ${base}+`);

  await startMonitor();
  await startNode(0);
  await waitFor("node1 as the single node", 120_000, async () =>
    (await nodeStates()).some((node) => node.name === "node1" && node.state === "single") ? true : undefined,
  );
  await startNode(1);
  await waitForPair();
  shortenPartitionTimeout(0);
  shortenPartitionTimeout(1);
  startBouncer(0);
  startBouncer(1);

  const seed = await prepareRoleAndSeed();
  log(`seeded a shop with ${seed.transferIds.length} pending offers to it`);

  const receiver = await startWebhookReceiver();
  startApp(0);
  startApp(1);
  const worker = startWorker();
  startHaproxy();
  await waitFor("both app instances healthy", 120_000, async () => {
    const ok = await Promise.all(ports.app.map((port) => healthy(`http://127.0.0.1:${port}${HEALTH_PATH}`)));
    return ok.every(Boolean) ? true : undefined;
  });
  await waitFor("HAProxy", 30_000, async () =>
    (await healthy(`${publicOrigin}${HEALTH_PATH}`)) ? true : undefined,
  );
  log("HAProxy sends to both app instances; load starts");

  const load = await runLoad(seed);
  const workerAlive = worker.child.exitCode === null && worker.child.signalCode === null;
  const survivorAlive = apps[1]?.child.exitCode === null && apps[1]?.child.signalCode === null;
  const { lost, appliedTwice, workerRecovered, standbyStatements } = await check(
    seed,
    load.acknowledged,
    load.killedPrimaryAt,
  );
  const ledgerClean = ledgerCheck();
  const instruments = await instrumentsAfterFailover();
  receiver.close();
  const webhooksAfter = webhookArrivals.filter((at) => at > load.killedPrimaryAt).length;
  log(
    `webhook deliveries received: ${webhookArrivals.length}, ${webhooksAfter} of them after the primary was killed`,
  );
  const resumed = load.resumedAt === null ? null : (load.resumedAt - load.killedPrimaryAt) / 1000;

  log(`answers: ${[...outcomes].map(([label, n]) => `${label} ×${n}`).join(", ")}`);
  log(`unanswered after retries (not acknowledged, may or may not be applied): ${load.unanswered}`);
  // Each check counts as one test in `npm test`'s summary (test-results/failover-results.json).
  const checks: [boolean, string][] = [
    [lost === 0, `${lost} acknowledged changes are missing`],
    [appliedTwice === 0, `${appliedTwice} changes were applied twice`],
    [ledgerClean, "ledger:check is not clean"],
    [resumed !== null, `writes did not resume within ${resumeDeadlineMs / 1000} s`],
    [workerAlive && workerRecovered, "the job worker did not carry on after the failover"],
    [survivorAlive, "the surviving app instance stopped"],
    [webhooksAfter > 0, "no webhook was delivered after the failover"],
    [refusals.length === 0, `unexpected refusals: ${refusals.slice(0, 5).join("; ")}`],
    [instruments.length === 0, `instruments: ${instruments.join("; ")}`],
  ];
  writeResults(checks.filter(([ok]) => ok).length, checks.filter(([ok]) => !ok).length);
  const failures = checks.filter(([ok]) => !ok).map(([, message]) => message);
  // Reported, not failed: PostgreSQL refuses them (no data at risk) and the client's retry succeeds elsewhere.
  if (standbyStatements > 0)
    log(
      `note: ${standbyStatements} statements reached the standby before its promotion and were refused there`,
    );
  if (failures.length > 0) tailLogs();
  for (const failure of failures) console.error(`✘ ${failure}`);
  console.log(
    `acknowledged ${load.acknowledged.length}, lost ${lost}, applied twice ${appliedTwice}, writes resumed after ${
      resumed === null ? "never" : `${resumed.toFixed(1)} s`
    }`,
  );
  return failures.length > 0 ? 1 : 0;
}

for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(name, () => {
    console.error(`\n${name}: stopping the topology…`);
    teardown();
    process.exit(130);
  });
}
process.on("exit", () => teardown());

main()
  .then((code) => {
    teardown();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(`✘ test:failover failed: ${error instanceof Error ? error.stack : String(error)}`);
    writeResults(0, 1);
    tailLogs();
    teardown();
    process.exit(1);
  });
