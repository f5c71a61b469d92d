/** Shop API keys: shown once, stored only as a hash, scoped, limited per shop, revocable, last use recorded. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { beginCreateApiKey } from "../../lib/api-keys/begin-create-api-key";
import { activeApiKeysMax, createApiKey } from "../../lib/api-keys/create-api-key";
import { listApiKeys } from "../../lib/api-keys/list-api-keys";
import { revokeApiKey } from "../../lib/api-keys/revoke-api-key";
import { verifyApiKey } from "../../lib/api-keys/verify-api-key";
import { type Actor, systemActor } from "../../lib/auth/actor";
import { createTestShop } from "../support/auth-sessions";
import { expectAppError } from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

async function shopWithMember(role: "owner" | "staff") {
  const user = await createTestUser(t.db);
  const shop = await createTestShop(t.db, [{ userId: user.userId, role }]);
  const actor: Actor = {
    kind: "user",
    userId: user.userId,
    partyId: user.partyId,
    isAdmin: false,
    shopRoles: { [shop.shopId]: role },
  };
  return { ...shop, actor, user };
}

/** Creates a key the way the Developers page does: the owner confirms exactly this key with their passkey. */
async function createConfirmed(
  shop: Awaited<ReturnType<typeof shopWithMember>>,
  input: { name: string; scopes: string[] },
) {
  const draft = await beginCreateApiKey(t.db, shop.actor, { shopId: shop.shopId, ...input, ip: null });
  const authorization = shop.user.authenticator.createAssertion(draft.options.challenge);
  return createApiKey(t.db, shop.actor, { shopId: shop.shopId, ...input, authorization });
}

describe("API keys", () => {
  it("an owner creates a key shown once; only its hash and prefix are stored; it authenticates with its scopes", async () => {
    const shop = await shopWithMember("owner");
    const created = await createConfirmed(shop, { name: " Server ", scopes: ["read", "payments"] });
    expect(created.key).toMatch(/^scrip_sk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row).toMatchObject({
      name: "Server",
      prefix: created.prefix,
      scopes: ["read", "payments"],
      lastUsedAt: null,
    });
    const actor = await verifyApiKey(t.db, created.key);
    expect(actor).toMatchObject({
      kind: "shop",
      shopId: shop.shopId,
      partyId: shop.partyId,
      apiKeyId: created.id,
    });
    expect(actor.scopes).toEqual(
      expect.arrayContaining(["read", "payments", "shop.read", "shop.orders.read"]),
    );
    expect(actor.scopes).not.toContain("shop.coupons.convert");
    const [listed] = await listApiKeys(t.db, shop.actor, { shopId: shop.shopId });
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    expect(Object.keys(listed ?? {})).not.toContain("keyHash");
  });

  it("records the last use to the minute: a call within a minute of the last writes nothing, a later one moves it", async () => {
    const shop = await shopWithMember("owner");
    const created = await createConfirmed(shop, { name: "k", scopes: ["read"] });
    const lastUsed = async () =>
      (await t.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, created.id)))[0]?.at;
    await verifyApiKey(t.db, created.key);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    // Set it 30 seconds back: the next call is within the minute and leaves it.
    const thirtySecondsAgo = new Date(Date.now() - 30_000);
    await t.db.update(apiKeys).set({ lastUsedAt: thirtySecondsAgo }).where(eq(apiKeys.id, created.id));
    await verifyApiKey(t.db, created.key);
    expect((await lastUsed())?.getTime()).toBe(thirtySecondsAgo.getTime());
    // Two minutes back: the next call records it again.
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await t.db.update(apiKeys).set({ lastUsedAt: twoMinutesAgo }).where(eq(apiKeys.id, created.id));
    await verifyApiKey(t.db, created.key);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });

  it("staff, other shops' owners and unknown scopes are refused", async () => {
    const staff = await shopWithMember("staff");
    await expectAppError(
      createApiKey(t.db, staff.actor, { shopId: staff.shopId, name: "x", scopes: ["read"] }),
      "FORBIDDEN",
    );
    const other = await shopWithMember("owner");
    await expectAppError(
      createApiKey(t.db, other.actor, { shopId: staff.shopId, name: "x", scopes: ["read"] }),
      "FORBIDDEN",
    );
    await expectAppError(listApiKeys(t.db, staff.actor, { shopId: staff.shopId }), "FORBIDDEN");
    for (const scopes of [[], ["admin"], ["shop.read"]]) {
      await expectAppError(
        createApiKey(t.db, other.actor, { shopId: other.shopId, name: "x", scopes }),
        "VALIDATION_FAILED",
      );
    }
    await expectAppError(
      createApiKey(t.db, other.actor, { shopId: other.shopId, name: "", scopes: ["read"] }),
      "VALIDATION_FAILED",
    );
  });

  it("revoking stops the key at once; another shop's key cannot be revoked", async () => {
    const shop = await shopWithMember("owner");
    const other = await shopWithMember("owner");
    const created = await createConfirmed(shop, { name: "k", scopes: ["read"] });
    await expectAppError(
      revokeApiKey(t.db, other.actor, { shopId: other.shopId, apiKeyId: created.id }),
      "NOT_FOUND",
    );
    await expectAppError(
      revokeApiKey(t.db, other.actor, { shopId: shop.shopId, apiKeyId: created.id }),
      "FORBIDDEN",
    );
    await revokeApiKey(t.db, shop.actor, { shopId: shop.shopId, apiKeyId: created.id });
    await expectAppError(verifyApiKey(t.db, created.key), "UNAUTHENTICATED");
    await expectAppError(
      revokeApiKey(t.db, shop.actor, { shopId: shop.shopId, apiKeyId: created.id }),
      "NOT_FOUND",
    );
  });

  it(`a shop holds at most ${activeApiKeysMax} active keys, also when created concurrently`, async () => {
    const shop = await createTestShop(t.db);
    const system = systemActor("test");
    const results = await Promise.allSettled(
      Array.from({ length: activeApiKeysMax + 5 }, (_, index) =>
        createApiKey(t.db, system, { shopId: shop.shopId, name: `k${index}`, scopes: ["read"] }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(activeApiKeysMax);
    const one = results.find((result) => result.status === "fulfilled");
    if (one?.status !== "fulfilled") throw new Error("no key");
    await revokeApiKey(t.db, system, { shopId: shop.shopId, apiKeyId: one.value.id });
    await createApiKey(t.db, system, { shopId: shop.shopId, name: "after revoking", scopes: ["read"] });
  });
});
