/**
 * `npm start`: the one command that runs Scrip. With no DATABASE_URL it starts an embedded PostgreSQL whose
 * data lives in SCRIP_DATA_DIR (default `.data/`), applies migrations, seeds the demo data once, builds the
 * app when the build is missing or older than the sources, and serves the production build. Ctrl-C or
 * SIGTERM stops the app and then the embedded database cleanly.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../db/client";
import { appUrlIsPooled } from "../db/connection-settings";
import { type EmbeddedServer, startEmbeddedPostgres } from "../db/embedded";
import { migrateDatabase } from "../db/migrate";
import { seedDemoData } from "../db/seed";
import { adminEnrolPath, ensureBootstrapAdminInvite } from "../lib/auth/create-admin-invite";
import { storeDemoMail } from "../lib/email/demo-mailbox";
import { startLocalSmtpServer } from "../lib/email/local-smtp-server";
import { parseTrustedProxies } from "../lib/http/client-address";
import { checkMoneySettings } from "../lib/money/check-money-settings";
import { ensureDevSecrets, requireDeploymentSecrets } from "./dev-secrets";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const ephemeral = process.env.SCRIP_EPHEMERAL === "1";
const dataDir = ephemeral
  ? fs.mkdtempSync(path.join(os.tmpdir(), "scrip-data-"))
  : path.resolve(root, process.env.SCRIP_DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

/** While the app runs, maintenance commands (`npm run ledger:check`, …) find its database here. */
const runtimeFile = path.join(dataDir, "runtime.json");
let embedded: EmbeddedServer | undefined;
let app: ChildProcess | undefined;
/** The background job worker (scripts/worker.ts); SCRIP_JOBS=0 leaves it off. */
let worker: ChildProcess | undefined;
let stopping = false;
/** The embedded demo's local SMTP server and its database pool (the demo mailbox at /mailbox). */
let demoMail: { close: () => Promise<void> } | undefined;

/** Sends SIGTERM to a child and waits up to `graceMs` for it to exit, then kills it. */
async function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** The one shutdown in progress: Ctrl-C reaches the launcher and the app together, so both ask for it. */
let stopped: Promise<never> | undefined;

/**
 * Stops the app and the worker, then the embedded database, and exits with `code`. Only the first call does the
 * work; later calls (the app exiting because of the same Ctrl-C) wait for it instead of exiting half way.
 */
function shutdown(code: number): Promise<never> {
  stopping = true;
  stopped ??= (async () => {
    await Promise.all([stopChild(app, 10_000), stopChild(worker, 12_000)]);
    fs.rmSync(runtimeFile, { force: true });
    await demoMail?.close().catch(() => {});
    if (embedded) {
      await embedded.stop().catch((error) => console.error("Could not stop the embedded database:", error));
      console.log("Embedded PostgreSQL stopped.");
    }
    if (ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
    return process.exit(code);
  })();
  return stopped;
}

/** The newest modification time of the app's sources, to tell whether the production build is stale. */
function newestSourceMtime(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else if (stat.mtimeMs > newest) newest = stat.mtimeMs;
  };
  for (const entry of [
    "app",
    "components",
    "lib",
    "db",
    "public",
    "next.config.ts",
    "package-lock.json",
    "proxy.ts",
  ]) {
    visit(path.join(root, entry));
  }
  return newest;
}

function ensureBuild(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.statSync(buildId, { throwIfNoEntry: false });
  if (built && built.mtimeMs >= newestSourceMtime()) return;
  console.log(built ? "Sources changed since the last build; rebuilding…" : "Building Scrip (first start)…");
  const result = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app?.exitCode !== null && app?.exitCode !== undefined)
      throw new Error("the app exited during start-up");
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not become healthy within ${timeoutMs / 1000}s`);
}

/**
 * The embedded demo sends no real email: unless SCRIP_SMTP_URL is set, it runs a local SMTP server (on
 * SCRIP_DEMO_SMTP_PORT, default any free port, loopback only) that stores what it receives in the demo mailbox
 * table (the newest 200), which admins read at /mailbox. Returns the settings for the app and the worker.
 */
async function startDemoMailbox(databaseUrl: string): Promise<Record<string, string>> {
  if (!embedded || process.env.SCRIP_SMTP_URL) return {};
  const smtpPort = Number(process.env.SCRIP_DEMO_SMTP_PORT || 0);
  if (!Number.isInteger(smtpPort) || smtpPort < 0 || smtpPort > 65_535) {
    throw new Error("SCRIP_DEMO_SMTP_PORT must be a port number (0 or unset: any free port)");
  }
  const database = openDatabase(databaseUrl, { max: 1 });
  const server = await startLocalSmtpServer({
    port: smtpPort,
    onMessage: (mail) => storeDemoMail(database.db, mail),
  });
  demoMail = {
    close: async () => {
      await Promise.race([server.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await database.close();
    },
  };
  const origin = process.env.SCRIP_ORIGIN || `http://localhost:${port}`;
  console.log(`Demo mailbox: Scrip's email goes to ${server.url}; admins read it at ${origin}/mailbox`);
  return { SCRIP_SMTP_URL: server.url, SCRIP_DEMO_MAILBOX: "1" };
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  // Ctrl-C reaches the embedded PostgreSQL too (same process group), which then refuses the launcher's own pools
  // (the demo mailbox's) while the app and the worker are still stopping. Such a refusal during the shutdown is
  // expected: note it and finish stopping (and say so) instead of dying half way. Any other unhandled failure
  // stops everything with exit code 1.
  process.on("unhandledRejection", (reason: unknown) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    if (stopping) {
      console.error(`(while stopping: ${message})`);
      return;
    }
    console.error("Scrip's launcher failed:", reason);
    void shutdown(1);
  });
  // Refuse before touching any database: a deployment sets its secrets, and a typo in the proxies is fatal.
  requireDeploymentSecrets(process.env);
  parseTrustedProxies(process.env.SCRIP_TRUSTED_PROXIES);
  ensureDevSecrets(dataDir, process.env);
  // A wrong currency or limit setting stops the start here, before anything runs.
  checkMoneySettings(process.env);

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log(`Starting embedded PostgreSQL (data in ${dataDir})…`);
    embedded = await startEmbeddedPostgres(dataDir);
    await embedded.createDatabase("scrip");
    databaseUrl = embedded.urlFor("scrip");
  }
  // Migrations hold a session-level advisory lock: straight to PostgreSQL, never through PgBouncer.
  await migrateDatabase(process.env.DATABASE_DIRECT_URL || databaseUrl);
  const origin = process.env.SCRIP_ORIGIN || `http://localhost:${port}`;
  fs.writeFileSync(runtimeFile, `${JSON.stringify({ databaseUrl, origin, pid: process.pid })}\n`, {
    mode: 0o600,
  });
  const database = openDatabase(databaseUrl, { max: 1, pooled: appUrlIsPooled() });
  try {
    const { created } = await seedDemoData(database.db);
    if (created) console.log("Seeded the demo shop at /s/demo.");
    // First start: no admin yet and no open invite, so print a one-time enrolment link (no default password).
    const invite = await ensureBootstrapAdminInvite(database.db);
    if (invite) {
      const origin = process.env.SCRIP_ORIGIN || `http://localhost:${port}`;
      console.log(`Become the first admin: sign in, then open ${origin}${adminEnrolPath(invite.token)}`);
      console.log(
        `(one use, expires ${invite.expiresAt.toISOString()}; \`npm run admin:invite\` makes another)`,
      );
    }
  } finally {
    await database.close();
  }

  const demoMailbox = await startDemoMailbox(databaseUrl);
  ensureBuild();
  if (process.env.SCRIP_JOBS !== "0") {
    worker = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "worker.ts")],
      {
        cwd: root,
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, ...demoMailbox, DATABASE_URL: databaseUrl, SCRIP_ORIGIN: origin },
      },
    );
    worker.on("exit", (code, signal) => {
      if (!stopping)
        console.error(`The job worker stopped (${signal ?? `exit code ${code}`}); jobs are paused.`);
    });
  }
  const publicUrl = origin;
  // Scrip's own server (scripts/server.ts) rather than `next start`: it sets the client address from the socket.
  app = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "server.ts")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      ...demoMailbox,
      PORT: String(port),
      HOST: host,
      DATABASE_URL: databaseUrl,
      SCRIP_ORIGIN: publicUrl,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  app.on("exit", (code, signal) => {
    // Ctrl-C reaches the whole process group, so the app may exit (0, after closing) before our handler runs.
    if (signal === "SIGINT" || signal === "SIGTERM" || code === 0 || stopping) {
      void shutdown(0);
    } else {
      console.error(`The app stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
      void shutdown(code ?? 1);
    }
  });
  await waitForHealth(`http://${host}:${port}/api/health`, 60_000);
  console.log(`\nScrip is running at ${publicUrl}\n`);
}

main().catch(async (error) => {
  console.error(`Scrip could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
