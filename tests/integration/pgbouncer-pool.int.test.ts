/**
 * Issue 20: the app's pool through PgBouncer in transaction pooling mode (Debian's pgbouncer, started here on a
 * port and directory of its own, in front of this file's test database). More queries than connections, with
 * and without parameters and in transactions, must all be answered. postgres.js pipelines a query onto a
 * connection whose previous query still runs unless told not to; through PgBouncer the second query's answers
 * then arrive after the first one's ReadyForQuery released the server connection, PgBouncer drops them ("got
 * packet from server when not linked") and that connection waits forever. In the failover test this left every
 * connection of the surviving instance stuck within minutes.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client";
import { findFreePort } from "../../db/embedded";
import { createTestDatabase, type TestDatabase } from "../../db/testing";

const pgbouncer = "/usr/sbin/pgbouncer";
const isRoot = process.getuid?.() === 0;

let database: TestDatabase;
let bouncer: ChildProcess | undefined;
let dir: string;
let logFile: string;
let pooledUrl: string;

async function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

beforeAll(async () => {
  if (!fs.existsSync(pgbouncer))
    throw new Error(`${pgbouncer} is missing: install the Debian package pgbouncer (.ci/run does)`);
  database = await createTestDatabase({ max: 2 });
  const server = new URL(database.url);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "scrip-pgbouncer-"));
  // PgBouncer refuses to run as root: as root it runs as postgres, which must read and write here.
  fs.chmodSync(dir, 0o777);
  const port = await findFreePort();
  logFile = path.join(dir, "pgbouncer.log");
  fs.writeFileSync(path.join(dir, "users.txt"), `"app" ""\n`, { mode: 0o644 });
  const config = path.join(dir, "pgbouncer.ini");
  fs.writeFileSync(
    config,
    [
      "[databases]",
      `scrip = host=${server.hostname} port=${server.port} dbname=${database.name} user=${decodeURIComponent(
        server.username,
      )} password=${decodeURIComponent(server.password)}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      "default_pool_size = 3",
      `logfile = ${logFile}`,
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  bouncer = isRoot
    ? spawn("runuser", ["-u", "postgres", "--", pgbouncer, config], { stdio: "ignore" })
    : spawn(pgbouncer, [config], { stdio: "ignore" });
  for (let attempt = 0; !(await reachable(port)); attempt++) {
    if (attempt > 100 || bouncer.exitCode !== null)
      throw new Error(
        `PgBouncer did not start: ${fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  pooledUrl = `postgres://app@127.0.0.1:${port}/scrip`;
});

afterAll(async () => {
  bouncer?.kill("SIGKILL");
  if (isRoot && bouncer?.pid) spawnSync("pkill", ["-KILL", "-f", path.join(dir, "pgbouncer.ini")]);
  await database?.destroy?.();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every promise's value, or the number still unanswered once `deadlineMs` has passed (a hang, not a timing). */
async function allOrStuck<T>(work: Promise<T>[], deadlineMs: number): Promise<T[] | { unanswered: number }> {
  let answered = 0;
  const counted = work.map((promise) => promise.finally(() => answered++));
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<{ unanswered: number }>((resolve) => {
    timer = setTimeout(() => resolve({ unanswered: work.length - answered }), deadlineMs);
  });
  try {
    return await Promise.race([Promise.all(counted), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe("the app's pool through PgBouncer in transaction mode", () => {
  it("answers every one of many concurrent queries on few connections, none dropped by PgBouncer", async () => {
    // As the app opens it behind PgBouncer 1.18: pooled, without named prepared statements (SCRIP_DB_PREPARE=0).
    const pool: Database = openDatabase(pooledUrl, { max: 3, pooled: true, prepare: false });
    try {
      const work: Promise<number>[] = [];
      for (let i = 0; i < 400; i++) {
        if (i % 2 === 0) {
          // No parameter: sent at once (the kind of query a pipelined one used to follow).
          work.push(
            pool.sql.unsafe(`select ${i}::int as n, pg_sleep(0.002)`).then((rows) => Number(rows[0]?.n)),
          );
        } else if (i % 4 === 1) {
          // Parameters: described first (Parse, Describe, Flush), then bound.
          work.push(pool.sql`select ${i}::int as n, ${`x${i}`} as s`.then((rows) => Number(rows[0]?.n)));
        } else {
          work.push(
            pool.db.transaction(async (tx) => {
              const rows = await tx.execute(sql`select ${i}::int * 2 as n`);
              return Number(rows[0]?.n) / 2;
            }),
          );
        }
      }
      // The whole burst takes well under a second here; 30 s only tells a hang from slowness.
      const result = await allOrStuck(work, 30_000);
      expect(result).toEqual(Array.from({ length: 400 }, (_, i) => i));
      const log = fs.readFileSync(logFile, "utf8");
      expect(log.match(/.*when not linked.*/g) ?? []).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
