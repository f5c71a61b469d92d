import { describe, expect, it } from "vitest";
import { z } from "zod";
import { column, RowShapeError, rowParser } from "./rows";

const row = z.object({ id: column.text, amount: column.bigint, at: column.date, n: column.int });

describe("raw row columns", () => {
  it("maps driver text to bigint and Date, and counts to numbers", () => {
    const parsed = row.parse({ id: "c1", amount: "9007199254740993", at: "2026-11-29T00:00:00Z", n: "3" });
    expect(parsed).toEqual({
      id: "c1",
      amount: 9007199254740993n,
      at: new Date("2026-11-29T00:00:00Z"),
      n: 3,
    });
  });

  it("refuses a missing or renamed column, a non-integer amount and an unreadable time", () => {
    expect(row.safeParse({ id: "c1", amount_minor: "1", at: new Date(), n: 1 }).success).toBe(false);
    expect(row.safeParse({ id: "c1", amount: "1.5", at: new Date(), n: 1 }).success).toBe(false);
    expect(row.safeParse({ id: "c1", amount: "1", at: "yesterday", n: 1 }).success).toBe(false);
  });

  it("names its error as a programming error", () => {
    expect(new RowShapeError("x").message).toContain("raw SQL row");
  });
});

describe("more raw row columns", () => {
  it("nullable bigint, date and boolean accept null and parse the rest", () => {
    const shape = z.object({ a: column.bigintOrNull, b: column.dateOrNull, c: column.booleanOrNull });
    expect(shape.parse({ a: null, b: null, c: null })).toEqual({ a: null, b: null, c: null });
    expect(shape.parse({ a: "-12", b: "2026-11-29T00:00:00Z", c: true })).toEqual({
      a: -12n,
      b: new Date("2026-11-29T00:00:00Z"),
      c: true,
    });
    expect(shape.safeParse({ a: "1", b: null }).success).toBe(false);
  });

  it("text arrays hold strings only", () => {
    expect(column.textArray.parse(["a", "b"])).toEqual(["a", "b"]);
    expect(column.textArray.safeParse([1]).success).toBe(false);
    expect(column.textArrayOrNull.parse(null)).toBeNull();
    expect(column.textArray.safeParse(undefined).success).toBe(false);
  });

  it("bytea is a Buffer", () => {
    expect(column.bytesOrNull.parse(Buffer.from([1]))).toEqual(Buffer.from([1]));
    expect(column.bytesOrNull.safeParse("\\x01").success).toBe(false);
  });

  it("oneOf accepts only its values", () => {
    const kind = column.oneOf(["user", "shop"]);
    expect(kind.parse("shop")).toBe("shop");
    expect(kind.safeParse("bank").success).toBe(false);
  });

  it("listOf parses each object of a json_agg and refuses a missing field", () => {
    const totals = column.listOf({ currency: column.text, amount: column.bigint });
    expect(totals.parse([{ currency: "EUR", amount: "9007199254740993" }])).toEqual([
      { currency: "EUR", amount: 9007199254740993n },
    ]);
    expect(totals.safeParse([{ currency: "EUR" }]).success).toBe(false);
  });
});

describe("rowParser", () => {
  it("returns the parsed row or throws RowShapeError naming the column", () => {
    const parse = rowParser({ id: column.text, amount: column.bigint });
    expect(parse({ id: "x", amount: "7" })).toEqual({ id: "x", amount: 7n });
    expect(() => parse({ id: "x", amount_minor: "7" })).toThrow(RowShapeError);
    expect(() => parse({ id: "x", amount_minor: "7" })).toThrow(/amount/);
  });
});
