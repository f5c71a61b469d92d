/**
 * Raw SQL rows (#14 point 5): queryRows / queryRow against the real PostgreSQL driver map each column type to
 * what the domain uses (int8 and numeric-as-text → bigint beyond 2^53, timestamptz → Date, counts → number,
 * bytea, text[], enums, json_agg lists, nulls), and a row whose column was renamed throws RowShapeError instead
 * of reaching the caller as undefined.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { column, queryRow, queryRows, RowShapeError } from "../../db/rows";
import { createTestDatabase, type TestDatabase } from "../../db/testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const beyondDoubles = 9007199254740993n; // 2^53 + 1: a JavaScript number would round it

describe("queryRows on the real driver", () => {
  it("maps int8, numeric sums, timestamptz and counts to bigint, Date and number", async () => {
    const row = await queryRow(
      t.db,
      { big: column.bigint, big_text: column.bigint, total: column.bigint, at: column.date, n: column.int },
      sql`select ${beyondDoubles.toString()}::int8 as big, ${beyondDoubles.toString()}::int8::text as big_text,
        (select sum(x)::text from (values (${beyondDoubles.toString()}::int8), (1::int8)) v(x)) as total,
        '2026-11-29T01:02:03.456Z'::timestamptz as at,
        (select count(*)::int from generate_series(1, 3)) as n`,
    );
    expect(row).toEqual({
      big: beyondDoubles,
      big_text: beyondDoubles,
      total: beyondDoubles + 1n,
      at: new Date("2026-11-29T01:02:03.456Z"),
      n: 3,
    });
    expect(typeof row?.n).toBe("number");
  });

  it("maps nulls, bytea, text arrays, enums and json_agg lists", async () => {
    const rows = await queryRows(
      t.db,
      {
        none_big: column.bigintOrNull,
        none_at: column.dateOrNull,
        none_text: column.textOrNull,
        bytes: column.bytesOrNull,
        names: column.textArray,
        kind: column.oneOf(["user", "shop"]),
        totals: column.listOf({ currency: column.text, amount: column.bigint }),
      },
      sql`select null::int8 as none_big, null::timestamptz as none_at, null::text as none_text,
        '\\x0102ff'::bytea as bytes, array['a', 'b']::text[] as names, 'shop'::party_kind as kind,
        (select json_agg(json_build_object('currency', c, 'amount', a::text) order by c)
           from (values ('EUR', ${beyondDoubles.toString()}::int8), ('JPY', 5::int8)) v(c, a)) as totals`,
    );
    expect(rows).toEqual([
      {
        none_big: null,
        none_at: null,
        none_text: null,
        bytes: Buffer.from([1, 2, 255]),
        names: ["a", "b"],
        kind: "shop",
        totals: [
          { currency: "EUR", amount: beyondDoubles },
          { currency: "JPY", amount: 5n },
        ],
      },
    ]);
  });

  it("throws RowShapeError when a column is renamed, retyped or outside its enum", async () => {
    const shape = { amount_minor: column.bigint, n: column.int };
    await expect(queryRows(t.db, shape, sql`select 5::int8 as amount, 1::int as n`)).rejects.toBeInstanceOf(
      RowShapeError,
    );
    await expect(
      queryRows(t.db, shape, sql`select 5::int8 as amount_minor, 'x'::text as n`),
    ).rejects.toBeInstanceOf(RowShapeError);
    await expect(
      queryRows(t.db, { at: column.date }, sql`select 'not a time'::text as at`),
    ).rejects.toBeInstanceOf(RowShapeError);
    await expect(
      queryRows(t.db, { kind: column.oneOf(["user", "shop"]) }, sql`select 'bank'::text as kind`),
    ).rejects.toBeInstanceOf(RowShapeError);
  });

  it("queryRow returns undefined for no row and refuses more than one", async () => {
    const shape = { n: column.int };
    expect(await queryRow(t.db, shape, sql`select 1::int as n where false`)).toBeUndefined();
    await expect(
      queryRow(t.db, shape, sql`select n::int from generate_series(1, 2) n`),
    ).rejects.toBeInstanceOf(RowShapeError);
  });

  it("parses rows inside a transaction the same way", async () => {
    const rows = await t.db.transaction((tx) =>
      queryRows(tx, { n: column.int }, sql`select n::int from generate_series(1, 3) n order by n`),
    );
    expect(rows.map((row) => row.n)).toEqual([1, 2, 3]);
  });
});
