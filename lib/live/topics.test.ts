import { describe, expect, it } from "vitest";
import { liveConfigFromEnv } from "./live-config";
import { eventFrame, scopeOf } from "./sse";
import { concernsArea, parseLiveMessage } from "./topics";

describe("live messages", () => {
  it("a frame carries the id, topic, ref and the subscriber's scope — never the audience", () => {
    const frame = eventFrame({ id: "42", audience: "party_shop", topic: "order", ref: "ord_1" }, "party_me");
    expect(frame).toBe('id: 42\ndata: {"topic":"order","ref":"ord_1","scope":"shop"}\n\n');
    expect(frame).not.toContain("party_shop");
    expect(scopeOf("party_me", "party_me")).toBe("you");
    expect(scopeOf("party_me", "admin")).toBe("admin");
  });

  it("each area refreshes for its own scope only; session events refresh nothing", () => {
    const mine = { topic: "transfer", ref: "t", scope: "you" } as const;
    const shops = { topic: "order", ref: "o", scope: "shop" } as const;
    const admins = { topic: "issuance", ref: "i", scope: "admin" } as const;
    expect([mine, shops, admins].map((m) => concernsArea("wallet", m))).toEqual([true, false, false]);
    expect([mine, shops, admins].map((m) => concernsArea("merchant", m))).toEqual([false, true, false]);
    expect([mine, shops, admins].map((m) => concernsArea("admin", m))).toEqual([false, false, true]);
    expect(concernsArea("merchant", { topic: "membership", ref: "s", scope: "you" })).toBe(true);
    expect(concernsArea("wallet", { topic: "session", ref: "", scope: "you" })).toBe(false);
    // A till's payment request: its shop's till follows it, and so does the wallet of the person it is addressed to.
    expect(concernsArea("merchant", { topic: "payment_request", ref: "p", scope: "shop" })).toBe(true);
    expect(concernsArea("wallet", { topic: "payment_request", ref: "p", scope: "you" })).toBe(true);
  });

  it("parses only well-formed messages", () => {
    expect(parseLiveMessage('{"topic":"coupon","ref":"c","scope":"you"}')).toEqual({
      topic: "coupon",
      ref: "c",
      scope: "you",
    });
    expect(parseLiveMessage('{"topic":"coupon","ref":"c","scope":"everyone"}')).toBeNull();
    expect(parseLiveMessage("not json")).toBeNull();
    expect(parseLiveMessage("null")).toBeNull();
  });
});

describe("live settings", () => {
  it("defaults, overrides, and falls back on values that are not whole numbers in range", () => {
    expect(liveConfigFromEnv({})).toMatchObject({
      maxPerSession: 3,
      maxConnections: 1000,
      retentionSeconds: 3600,
    });
    expect(
      liveConfigFromEnv({
        SCRIP_LIVE_MAX_PER_SESSION: "5",
        SCRIP_LIVE_MAX_CONNECTIONS: "20",
        SCRIP_LIVE_RETENTION_SECONDS: "600",
      }),
    ).toMatchObject({ maxPerSession: 5, maxConnections: 20, retentionSeconds: 600 });
    expect(
      liveConfigFromEnv({ SCRIP_LIVE_MAX_PER_SESSION: "0", SCRIP_LIVE_MAX_CONNECTIONS: "ten" }),
    ).toMatchObject({
      maxPerSession: 3,
      maxConnections: 1000,
    });
  });
});
