import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format-date";

describe("the one date format", () => {
  const instant = new Date("2026-11-29T14:05:00Z");
  it("names UTC when no time zone is given, and uses 24-hour time", () => {
    expect(formatDateTime(instant)).toBe("29 Nov 2026, 14:05 UTC");
    expect(formatDate(new Date("2026-11-29T23:30:00Z"))).toBe("29 Nov 2026");
  });
  it("shows the person's own time zone without a suffix, crossing the date line where it does", () => {
    expect(formatDateTime(instant, "Asia/Tokyo")).toBe("29 Nov 2026, 23:05");
    expect(formatDate(new Date("2026-11-29T23:30:00Z"), "Asia/Tokyo")).toBe("30 Nov 2026");
  });
});
