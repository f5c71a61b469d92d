/**
 * Issue 20: a transaction whose connection is lost is retried only when that certainly rolled it back (lost
 * before COMMIT was sent); lost during COMMIT, its outcome is unknown and it answers 503 without a retry, and the
 * client's retry with the same Idempotency-Key applies it exactly once. A server that takes no writes is refused
 * by `target_session_attrs=read-write`. The connections are killed by the server itself (pg_terminate_backend
 * from a trigger, once), in the middle of the transaction or inside its COMMIT (a deferred constraint trigger).
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { POST as acceptOneRoute } from "../../app/api/v1/transfers/[id]/accept/route";
import { openDatabase } from "../../db/client";
import { isConnectionLoss } from "../../db/connection-errors";
import { inTransaction } from "../../db/in-transaction";
import { couponEvents, coupons } from "../../db/schema";
import { AppError, toErrorBody } from "../../lib/errors";
import { call, shopWithKey } from "../support/api-client";
import {
  couponTestDatabaseForFile,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

const t = couponTestDatabaseForFile();

/**
 * Makes the next write to `table` kill its own connection, once: in the statement (`when: "now"`), or inside
 * the COMMIT (`when: "commit"`, a deferred constraint trigger fires there). Returns the undo.
 */
async function killOnceOnWrite(table: string, when: "now" | "commit", event: "insert" | "update") {
  const tag = `k${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  await t.sql.unsafe(`create sequence ${tag}_seq`);
  await t.sql.unsafe(`
    create function ${tag}_fn() returns trigger language plpgsql as $$
    begin
      if nextval('${tag}_seq') = 1 then perform pg_terminate_backend(pg_backend_pid()); end if;
      return null;
    end $$`);
  await t.sql.unsafe(
    when === "now"
      ? `create trigger ${tag}_trg after ${event} on ${table} for each row execute function ${tag}_fn()`
      : `create constraint trigger ${tag}_trg after ${event} on ${table} deferrable initially deferred
         for each row execute function ${tag}_fn()`,
  );
  return async () => {
    await t.sql.unsafe(`drop trigger ${tag}_trg on ${table}`);
    await t.sql.unsafe(`drop function ${tag}_fn()`);
    await t.sql.unsafe(`drop sequence ${tag}_seq`);
  };
}

async function probeTable() {
  const name = `probe_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  await t.sql.unsafe(`create table ${name} (id text primary key)`);
  const count = async () =>
    Number((await t.sql.unsafe(`select count(*)::int as n from ${name}`))[0]?.n ?? -1);
  return { name, count };
}

describe("a transaction whose connection is lost", () => {
  it("before COMMIT was sent is retried on a new connection and applied exactly once", async () => {
    const probe = await probeTable();
    const undo = await killOnceOnWrite(probe.name, "now", "insert");
    let attempts = 0;
    try {
      const result = await inTransaction(t.db, async (tx) => {
        attempts += 1;
        await tx.execute(sql.raw(`insert into ${probe.name} values ('one')`));
        return "done";
      });
      expect(result).toBe("done");
    } finally {
      await undo();
    }
    expect(attempts).toBe(2);
    expect(await probe.count()).toBe(1);
  });

  it("during its COMMIT is not retried and answers 503: the outcome is unknown", async () => {
    const probe = await probeTable();
    const undo = await killOnceOnWrite(probe.name, "commit", "insert");
    let attempts = 0;
    let caught: unknown;
    try {
      await inTransaction(t.db, async (tx) => {
        attempts += 1;
        await tx.execute(sql.raw(`insert into ${probe.name} values ('one')`));
      });
    } catch (error) {
      caught = error;
    } finally {
      await undo();
    }
    expect(attempts).toBe(1);
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe("UNAVAILABLE");
    expect((caught as AppError).status).toBe(503);
    expect((caught as AppError).message).toMatch(/whether this change was saved is not known/);
    expect((caught as AppError).message).toMatch(/same Idempotency-Key/);
    // Killed inside COMMIT before the commit record: rolled back, which the client could not know.
    expect(await probe.count()).toBe(0);
    // The pool carries on with a fresh connection.
    await inTransaction(t.db, (tx) => tx.execute(sql.raw(`insert into ${probe.name} values ('two')`)));
    expect(await probe.count()).toBe(1);
  });
});

describe("the API's owner change when the connection is lost", () => {
  async function offerToShop() {
    const shop = await shopWithKey(t.db, ["read", "payments"]);
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, giver);
    const offer = await offerTestCoupon(t.db, giver, coupon, { partyId: shop.partyId });
    const accept = (idempotencyKey: string) =>
      call(t.db, acceptOneRoute, "POST", `/transfers/${offer.transferId}/accept`, {
        key: shop.key,
        params: { id: offer.transferId },
        idempotencyKey,
      });
    const acceptedEvents = async () =>
      (
        await t.db
          .select()
          .from(couponEvents)
          .where(and(eq(couponEvents.couponId, coupon.id), eq(couponEvents.kind, "accepted")))
      ).length;
    const owner = async () =>
      (await t.db.select().from(coupons).where(eq(coupons.id, coupon.id)))[0]?.ownerPartyId;
    return { shop, accept, acceptedEvents, owner };
  }

  it("mid-transaction: answered 200, the coupon changes owner once", async () => {
    const run = await offerToShop();
    const undo = await killOnceOnWrite("coupon_events", "now", "insert");
    try {
      const response = await run.accept(`test-${randomUUID()}`);
      expect(response.status).toBe(200);
    } finally {
      await undo();
    }
    expect(await run.owner()).toBe(run.shop.partyId);
    expect(await run.acceptedEvents()).toBe(1);
    await expectLedgerClean(t.db);
  });

  it("inside COMMIT: a clear 503, and the retry with the same Idempotency-Key applies it once", async () => {
    const run = await offerToShop();
    const key = `test-${randomUUID()}`;
    const undo = await killOnceOnWrite("coupon_events", "commit", "insert");
    let first: Awaited<ReturnType<typeof run.accept>>;
    try {
      first = await run.accept(key);
    } finally {
      await undo();
    }
    expect(first.status).toBe(503);
    expect(first.json).toMatchObject({ error: { code: "UNAVAILABLE" } });
    expect(JSON.stringify(first.json)).toMatch(/same Idempotency-Key/);
    expect(first.headers.get("retry-after")).toBe("1");
    const second = await run.accept(key);
    expect(second.status).toBe(200);
    const third = await run.accept(key);
    expect(third.status).toBe(200);
    expect(third.headers.get("idempotent-replayed")).toBe("true");
    expect(await run.owner()).toBe(run.shop.partyId);
    expect(await run.acceptedEvents()).toBe(1);
    await expectLedgerClean(t.db);
  });
});

describe("a server that takes no writes", () => {
  it("is refused by target_session_attrs=read-write, and a request answers 503, not 500", async () => {
    const readOnly = `${t.name}_ro`;
    await t.sql.unsafe(`create database "${readOnly}"`);
    await t.sql.unsafe(`alter database "${readOnly}" set default_transaction_read_only = on`);
    const url = new URL(t.url);
    url.pathname = `/${readOnly}`;
    url.searchParams.set("target_session_attrs", "read-write");
    process.env.SCRIP_DB_CONNECT_TIMEOUT_S = "2";
    const standbyLike = openDatabase(url.toString(), { max: 1 });
    delete process.env.SCRIP_DB_CONNECT_TIMEOUT_S;
    try {
      let caught: unknown;
      try {
        await inTransaction(standbyLike.db, (tx) => tx.execute(sql`select 1`));
      } catch (error) {
        caught = error;
      }
      expect(isConnectionLoss(caught)).toBe(true);
      expect(toErrorBody(caught).status).toBe(503);
      // The same database without the requirement does connect: the refusal was the read-write check.
      const plain = postgres(url.toString().replace(/[?&]target_session_attrs=read-write/, ""), {
        max: 1,
        onnotice: () => {},
      });
      try {
        const [row] = await plain<{ transaction_read_only: string }[]>`show transaction_read_only`;
        expect(row?.transaction_read_only).toBe("on");
      } finally {
        await plain.end({ timeout: 1 });
      }
    } finally {
      await standbyLike.close().catch(() => {});
      await t.sql.unsafe(`drop database if exists "${readOnly}" with (force)`);
    }
  });

  it("a host that refuses connections is skipped for the next host of a multi-host URL", async () => {
    const url = new URL(t.url);
    const live = `${url.hostname}:${url.port}`;
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const multi = t.url.replace(live, `127.0.0.1:1,${live}`);
    const both = openDatabase(`${multi}?target_session_attrs=read-write`, { max: 1 });
    try {
      const rows = await inTransaction(both.db, (tx) => tx.execute(sql`select 1 as one`));
      expect(rows[0]).toMatchObject({ one: 1 });
    } finally {
      await both.close();
    }
  });
});
