import { describe, expect, it } from "vitest";
import { z } from "zod";
import { column, RowShapeError } from "./rows";

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
