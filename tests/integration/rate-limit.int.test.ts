import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { AppError } from "../../lib/errors";
import { consumeRateLimit } from "../../lib/rate-limit/consume-rate-limit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

describe("consumeRateLimit", () => {
  it("allows the limit, then refuses with RATE_LIMITED and a retry time", async () => {
    const rule = { key: "test:limit", limit: 3, windowSeconds: 60 };
    for (let i = 1; i <= 3; i++) expect((await consumeRateLimit(t.db, rule)).remaining).toBe(3 - i);
    const error = await consumeRateLimit(t.db, rule).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("RATE_LIMITED");
    expect((error as AppError).status).toBe(429);
    expect((error as AppError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as AppError).retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts concurrent requests exactly", async () => {
    const rule = { key: "test:concurrent", limit: 10, windowSeconds: 60 };
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => consumeRateLimit(t.db, rule)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  });

  it("starts a new window once the old one has passed", async () => {
    const rule = { key: "test:window", limit: 1, windowSeconds: 60 };
    await consumeRateLimit(t.db, rule);
    await expect(consumeRateLimit(t.db, rule)).rejects.toBeInstanceOf(AppError);
    await t.db.execute(
      sql`update rate_limits set window_start = now() - interval '61 seconds' where key = ${rule.key}`,
    );
    expect((await consumeRateLimit(t.db, rule)).count).toBe(1);
  });
});
