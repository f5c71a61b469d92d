/**
 * The API's busiest call, `POST /coupons/verify`, after it was made cheaper (one statement for the key, its shop
 * and its request count, committed asynchronously; no transaction for this read): the key's rate limit still
 * counts every call and refuses past its limit, concurrent calls are counted exactly, a revoked key is refused
 * on its very next call (nothing is cached), and the verdict is still the token's.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as verifyRoute } from "../../app/api/v1/coupons/verify/route";
import { apiKeys } from "../../db/schema";
import { revokeApiKey } from "../../lib/api-keys/revoke-api-key";
import { systemActor } from "../../lib/auth/actor";
import { call, shopWithKey, tokenOf } from "../support/api-client";
import { couponTestDatabaseForFile, issueTestCoupon } from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

const t = couponTestDatabaseForFile();
let token = "";
const configured = process.env.SCRIP_API_REQUESTS_PER_MINUTE;

beforeAll(async () => {
  const owner = await createTestUser(t.db);
  token = await tokenOf(t.db, (await issueTestCoupon(t.db, owner)).id);
});
afterEach(() => {
  if (configured === undefined) delete process.env.SCRIP_API_REQUESTS_PER_MINUTE;
  else process.env.SCRIP_API_REQUESTS_PER_MINUTE = configured;
});
afterAll(() => {
  if (configured !== undefined) process.env.SCRIP_API_REQUESTS_PER_MINUTE = configured;
});

/** A verify call as a shop server sends it: no Idempotency-Key (it is a read). */
const verify = (key: string, body: unknown = { token }) =>
  call(t.db, verifyRoute, "POST", "/coupons/verify", { key, body, idempotencyKey: null });

async function countOf(keyId: string): Promise<number | undefined> {
  const [row] = await t.db.execute<{ count: number }>(
    sql`select count from rate_limits where key = ${`api:key:${keyId}`}`,
  );
  return row ? Number(row.count) : undefined;
}

describe("POST /coupons/verify: rate limit, revocation and verdict", () => {
  it("counts every call and refuses past the key's limit with 429 and Retry-After; another key is unaffected", async () => {
    process.env.SCRIP_API_REQUESTS_PER_MINUTE = "3";
    const shop = await shopWithKey(t.db, ["read"]);
    const other = await shopWithKey(t.db, ["read"]);
    for (let i = 1; i <= 3; i++) {
      const response = await verify(shop.key);
      expect(response.status).toBe(200);
      expect(response.json.data).toMatchObject({ valid: true, signature: "valid" });
      expect(await countOf(shop.keyId)).toBe(i);
    }
    const refused = await verify(shop.key);
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ code: "RATE_LIMITED" });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Refused calls count too, and stay refused until the window ends.
    expect((await verify(shop.key)).status).toBe(429);
    expect(await countOf(shop.keyId)).toBe(5);
    expect((await verify(other.key)).status).toBe(200);
    // Once the window has passed the key is served again, from a count of one.
    await t.db.execute(
      sql`update rate_limits set window_start = now() - interval '61 seconds' where key = ${`api:key:${shop.keyId}`}`,
    );
    expect((await verify(shop.key)).status).toBe(200);
    expect(await countOf(shop.keyId)).toBe(1);
  });

  it("counts concurrent calls exactly: of 25 at once with a limit of 10, exactly 10 are served", async () => {
    process.env.SCRIP_API_REQUESTS_PER_MINUTE = "10";
    const shop = await shopWithKey(t.db, ["read"]);
    const statuses = await Promise.all(
      Array.from({ length: 25 }, async () => (await verify(shop.key)).status),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    expect(await countOf(shop.keyId)).toBe(25);
  });

  it("a revoked key is refused on its very next call, and an unknown key counts nothing", async () => {
    const shop = await shopWithKey(t.db, ["read"]);
    expect((await verify(shop.key)).status).toBe(200);
    await revokeApiKey(t.db, systemActor("test"), { shopId: shop.shopId, apiKeyId: shop.keyId });
    const refused = await verify(shop.key);
    expect(refused.status).toBe(401);
    expect(refused.json.error).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await countOf(shop.keyId)).toBe(1);
    expect((await verify(`scrip_sk_${"x".repeat(43)}`)).status).toBe(401);
  });

  it("records the key's last use, and still refuses a forged token's live state", async () => {
    const shop = await shopWithKey(t.db, ["read"]);
    expect((await verify(shop.key)).status).toBe(200);
    const [row] = await t.db
      .select({ lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(eq(apiKeys.id, shop.keyId));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    const forged = await verify(shop.key, { token: `${token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(200);
    expect(forged.json.data).toMatchObject({ valid: false, signature: "bad_signature", coupon: null });
  });
});
