import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { adminPageSizeMax, decodeCursor, encodeCursor, pageSizeOf } from "./page-cursor";

describe("back-office page cursors", () => {
  it("round-trips the exact microsecond key and id", () => {
    const cursor = { at: "2026-11-24T04:20:01.123456Z", id: "isr_abcdefghijklmnopqrstuv" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor("")).toBeNull();
  });

  it("refuses anything else as VALIDATION_FAILED, never a crash", () => {
    const bad = [
      "%%%",
      "x".repeat(201),
      Buffer.from("2026-11-24|id").toString("base64url"),
      Buffer.from("2026-11-24T04:20:01.123456Z").toString("base64url"),
      Buffer.from("2026-11-24T04:20:01.123456Z|a|b").toString("base64url"),
      Buffer.from("2026-13-45T99:99:99.000000Z|id").toString("base64url"),
      Buffer.from(`2026-11-24T04:20:01.123456Z|${"i".repeat(81)}`).toString("base64url"),
    ];
    for (const text of bad) {
      expect(() => decodeCursor(text), text).toThrow(AppError);
    }
  });

  it("bounds page sizes", () => {
    expect(pageSizeOf(undefined)).toBeGreaterThan(0);
    expect(pageSizeOf(10_000)).toBe(adminPageSizeMax);
    expect(() => pageSizeOf(0)).toThrow(AppError);
    expect(() => pageSizeOf(1.5)).toThrow(AppError);
  });
});
