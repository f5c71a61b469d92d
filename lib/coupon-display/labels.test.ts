import { describe, expect, it } from "vitest";
import { couponStatusLabels, effectiveStatus, eventLabels } from "./labels";

describe("coupon labels", () => {
  it("label every coupon status and every event kind of the schema", async () => {
    const { couponStatus, couponEventKind } = await import("../../db/schema/enums");
    for (const status of couponStatus.enumValues) expect(couponStatusLabels[status]?.label).toBeTruthy();
    for (const kind of couponEventKind.enumValues) expect(eventLabels[kind]).toBeTruthy();
  });

  it("show a lapsed active coupon as expired before the expiry job runs", () => {
    const now = new Date("2026-01-02T00:00:00Z");
    expect(effectiveStatus("active", new Date("2026-01-01T00:00:00Z"), now)).toBe("expired");
    expect(effectiveStatus("active", new Date("2026-01-03T00:00:00Z"), now)).toBe("active");
    expect(effectiveStatus("converted", new Date("2026-01-01T00:00:00Z"), now)).toBe("converted");
  });
});
