/**
 * Issue 20: with `target_session_attrs=read-write`, every new connection first asks the server whether it takes
 * writes (postgres.js, patched: patches/postgres+3.4.9.patch). A connection that dies while that question is
 * unanswered (a pooler giving up on its server, a node going down during a failover) must be replaced by the
 * next attempt, with nothing left over from the dead one: the waiting query then runs on the new connection, and
 * the pool goes on serving. Here a TCP proxy in front of this file's test database cuts the first connection
 * just after the question was sent.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../../db/testing";

let database: TestDatabase;
let proxy: net.Server;
let proxyPort = 0;
/** Connections the proxy has cut after seeing the read-write question. */
let cut = 0;
/** How many of the next connections to cut. */
let toCut = 0;

beforeAll(async () => {
  database = await createTestDatabase({ max: 1 });
  const target = new URL(database.url);
  proxy = net.createServer((client) => {
    const server = net.connect(Number(target.port), target.hostname);
    const cutThis = toCut > 0;
    if (cutThis) toCut--;
    client.on("data", (chunk) => {
      // A simple-protocol Query ('Q') asking pg_is_in_recovery() is the read-write check.
      if (cutThis && chunk[0] === 0x51 && chunk.includes("pg_is_in_recovery")) {
        cut++;
        server.destroy();
        client.destroy();
        return;
      }
      server.write(chunk);
    });
    server.on("data", (chunk) => client.write(chunk));
    client.on("error", () => server.destroy());
    server.on("error", () => client.destroy());
    client.on("close", () => server.destroy());
    server.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyPort = (proxy.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await database?.destroy?.();
});

describe("the read-write check on a new connection", () => {
  it("survives the connection dying before the answer: the query runs on the next one, the pool goes on", async () => {
    const url = new URL(database.url);
    url.host = `127.0.0.1:${proxyPort}`;
    url.searchParams.set("target_session_attrs", "read-write");
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    // One connection, so a connection left stuck would hold every later query.
    const pool = openDatabase(url.toString(), { max: 1, purpose: "jobs" });
    try {
      toCut = 1;
      const [first] = await pool.sql<{ n: number }[]>`select 41 + 1 as n`;
      expect(first?.n).toBe(42);
      expect(cut).toBe(1);
      const more = await Promise.all(
        Array.from({ length: 5 }, (_, i) => pool.sql<{ n: number }[]>`select ${i}::int as n`),
      );
      expect(more.map((rows) => rows[0]?.n)).toEqual([0, 1, 2, 3, 4]);
      // Let a stray rejection of the dead connection's check surface.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await pool.close();
    }
  });
});
