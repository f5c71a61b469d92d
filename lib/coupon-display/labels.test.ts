import { describe, expect, it } from "vitest";
import {
  couponStatusLabels,
  describeTimelineEvent,
  effectiveStatus,
  eventLabels,
  timelineEventText,
} from "./labels";

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

  it("tell each timeline event in the viewer's words, one vocabulary for the page and the terminal", () => {
    const names = { actorName: "Alice", fromName: "Alice", toName: "Bob" };
    expect(describeTimelineEvent({ kind: "offered", ...names, byViewer: true })).toBe(
      "you offered it to Bob",
    );
    expect(describeTimelineEvent({ kind: "offered", ...names, toName: null, byViewer: false })).toBe(
      "Alice created a claim link",
    );
    expect(describeTimelineEvent({ kind: "accepted", ...names, byViewer: false })).toBe(
      "Bob accepted it from Alice",
    );
    expect(describeTimelineEvent({ kind: "issued", ...names, actorName: null, byViewer: false })).toBe(
      "by Scrip",
    );
    expect(timelineEventText({ kind: "cancelled", ...names, byViewer: true })).toBe(
      "Offer cancelled: you cancelled the offer",
    );
    expect(timelineEventText({ kind: "split", ...names, byViewer: true })).toBe("Split: by you");
  });
});
