import { describe, expect, it } from "vitest";
import { invoiceDueDays } from "./invoice-due-days";

describe("SCRIP_INVOICE_DUE_DAYS", () => {
  it("defaults to 14 days and reads whole days up to a year", () => {
    expect(invoiceDueDays({})).toBe(14);
    expect(invoiceDueDays({ SCRIP_INVOICE_DUE_DAYS: " " })).toBe(14);
    expect(invoiceDueDays({ SCRIP_INVOICE_DUE_DAYS: "30" })).toBe(30);
    expect(invoiceDueDays({ SCRIP_INVOICE_DUE_DAYS: "0" })).toBe(0);
    expect(invoiceDueDays({ SCRIP_INVOICE_DUE_DAYS: "365" })).toBe(365);
  });

  it("refuses anything else with a message naming the setting", () => {
    for (const bad of ["-1", "1.5", "two weeks", "366", "1e3"]) {
      expect(() => invoiceDueDays({ SCRIP_INVOICE_DUE_DAYS: bad })).toThrow(/SCRIP_INVOICE_DUE_DAYS/);
    }
  });
});
