/**
 * Issue 13, merchant side: granting the owner role, creating an API key and adding a webhook endpoint each need a
 * passkey confirmation bound to exactly that operation. Hostile cases: no confirmation, a confirmation for another
 * operation (staff instead of owner, another person, other scopes, another URL), another person's passkey, and a
 * replayed confirmation. Each refusal changes nothing.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, shopMembers, shops, webhookEndpoints } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { beginCreateApiKey } from "../../lib/api-keys/begin-create-api-key";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import type { Actor } from "../../lib/auth/actor";
import { beginStepUp } from "../../lib/auth/require-step-up";
import { addShopMember } from "../../lib/shops/add-shop-member";
import { beginGrantShopOwner, shopRoleOperation } from "../../lib/shops/begin-grant-shop-owner";
import { beginCreateWebhookEndpoint } from "../../lib/webhooks/begin-create-webhook-endpoint";
import { createWebhookEndpoint } from "../../lib/webhooks/create-webhook-endpoint";
import { createTestShop, testIp } from "../support/auth-sessions";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { memberActor } from "../support/shop-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  setupCouponEnvironment();
  process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

/** A shop owned by a fresh person (with a passkey), and that person's actor as a session would build it. */
async function ownedShop() {
  const owner = await createTestUser(t.db);
  const shop = await createTestShop(t.db, [{ userId: owner.userId, role: "owner" }]);
  const [row] = await t.db.select({ slug: shops.slug }).from(shops).where(eq(shops.id, shop.shopId));
  const actor = memberActor(owner, { [shop.shopId]: "owner" });
  return { owner, actor, shopId: shop.shopId, slug: row?.slug ?? "" };
}

const sign = (user: TestUser, options: { challenge: string }) =>
  user.authenticator.createAssertion(options.challenge);

async function roleOf(shopId: string, userId: string) {
  const [row] = await t.db
    .select({ role: shopMembers.role })
    .from(shopMembers)
    .where(and(eq(shopMembers.shopId, shopId), eq(shopMembers.userId, userId)));
  return row?.role ?? null;
}

describe("granting the owner role needs the owner's passkey over exactly that grant", () => {
  it("without a confirmation it is refused and the person is not made owner; adding staff needs none", async () => {
    const { actor, shopId, slug } = await ownedShop();
    const person = await createTestUser(t.db);
    await expect(
      addShopMember(t.db, actor, { slug, handle: person.handle, role: "owner", ip: testIp() }),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await roleOf(shopId, person.userId)).toBeNull();
    await addShopMember(t.db, actor, { slug, handle: person.handle, role: "staff", ip: testIp() });
    expect(await roleOf(shopId, person.userId)).toBe("staff");
    // Promoting an existing member is a grant too.
    await expect(
      addShopMember(t.db, actor, { slug, handle: person.handle, role: "owner", ip: testIp() }),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await roleOf(shopId, person.userId)).toBe("staff");
  });

  it("a confirmation for another operation does not grant it: the staff role, or another person", async () => {
    const { owner, actor, shopId, slug } = await ownedShop();
    const person = await createTestUser(t.db);
    const bystander = await createTestUser(t.db);
    const ip = testIp();
    const forStaff = await beginStepUp(t.db, {
      actor,
      operation: shopRoleOperation({ shopId, userId: person.userId, role: "staff" }),
      ip,
    });
    await expect(
      addShopMember(t.db, actor, {
        slug,
        handle: person.handle,
        role: "owner",
        authorization: sign(owner, forStaff),
        ip,
      }),
    ).rejects.toMatchObject({ code: "STEP_UP_INVALID" });
    const forBystander = await beginGrantShopOwner(t.db, actor, { slug, handle: bystander.handle, ip });
    await expect(
      addShopMember(t.db, actor, {
        slug,
        handle: person.handle,
        role: "owner",
        authorization: sign(owner, forBystander.options),
        ip,
      }),
    ).rejects.toMatchObject({ code: "STEP_UP_INVALID" });
    expect(await roleOf(shopId, person.userId)).toBeNull();
    expect(await roleOf(shopId, bystander.userId)).toBeNull();
  });

  it("another person's passkey over the right challenge does not count", async () => {
    const { actor, shopId, slug } = await ownedShop();
    const person = await createTestUser(t.db);
    const draft = await beginGrantShopOwner(t.db, actor, { slug, handle: person.handle, ip: testIp() });
    await expect(
      addShopMember(t.db, actor, {
        slug,
        handle: person.handle,
        role: "owner",
        authorization: sign(person, draft.options),
        ip: testIp(),
      }),
    ).rejects.toMatchObject({ code: "STEP_UP_INVALID" });
    expect(await roleOf(shopId, person.userId)).toBeNull();
  });

  it("a valid confirmation grants it once; replaying it after a demotion grants nothing", async () => {
    const { owner, actor, shopId, slug } = await ownedShop();
    const person = await createTestUser(t.db);
    const ip = testIp();
    const draft = await beginGrantShopOwner(t.db, actor, { slug, handle: `@${person.handle}`, ip });
    expect(draft.handle).toBe(person.handle);
    const authorization = sign(owner, draft.options);
    const granted = await addShopMember(t.db, actor, {
      slug,
      handle: person.handle,
      role: "owner",
      authorization,
      ip,
    });
    expect(granted.role).toBe("owner");
    await addShopMember(t.db, actor, { slug, handle: person.handle, role: "staff", ip });
    await expect(
      addShopMember(t.db, actor, { slug, handle: person.handle, role: "owner", authorization, ip }),
    ).rejects.toMatchObject({ code: "STEP_UP_INVALID" });
    expect(await roleOf(shopId, person.userId)).toBe("staff");
  });

  it("staff cannot even ask for the confirmation", async () => {
    const { shopId, slug } = await ownedShop();
    const staff = await createTestUser(t.db);
    await t.db.insert(shopMembers).values({ shopId, userId: staff.userId, role: "staff" });
    const staffActor: Actor = memberActor(staff, { [shopId]: "staff" });
    await expect(
      beginGrantShopOwner(t.db, staffActor, { slug, handle: staff.handle, ip: testIp() }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("creating an API key needs the owner's passkey over its name and scopes", () => {
  const countKeys = async (shopId: string) =>
    (await t.db.select().from(apiKeys).where(eq(apiKeys.shopId, shopId))).length;

  it("without a confirmation, or with one for other scopes, no key is made", async () => {
    const { owner, actor, shopId } = await ownedShop();
    const ip = testIp();
    await expect(
      createApiKey(t.db, actor, { shopId, name: "Till", scopes: ["read"], ip }),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    const draft = await beginCreateApiKey(t.db, actor, { shopId, name: "Till", scopes: ["read"], ip });
    await expect(
      createApiKey(t.db, actor, {
        shopId,
        name: "Till",
        scopes: ["read", "conversions"],
        authorization: sign(owner, draft.options),
        ip,
      }),
    ).rejects.toMatchObject({ code: "STEP_UP_INVALID" });
    expect(await countKeys(shopId)).toBe(0);
  });

  it("a confirmation for a webhook endpoint does not create a key", async () => {
    const { owner, actor, shopId } = await ownedShop();
    const ip = testIp();
    const draft = await beginCreateWebhookEndpoint(t.db, actor, {
      shopId,
      url: "http://127.0.0.1:9/hook",
      eventTypes: ["coupon.converted"],
      ip,
    });
    await expect(
      createApiKey(t.db, actor, {
        shopId,
        name: "Till",
        scopes: ["read"],
        authorization: sign(owner, draft.options),
        ip,
      }),
    ).rejects.toMatchObject({ code: "STEP_UP_INVALID" });
    expect(await countKeys(shopId)).toBe(0);
  });

  it("a valid confirmation makes one key; replaying it makes no second one", async () => {
    const { owner, actor, shopId } = await ownedShop();
    const ip = testIp();
    const input = { shopId, name: "Till", scopes: ["payments", "read"], ip };
    const draft = await beginCreateApiKey(t.db, actor, input);
    const authorization = sign(owner, draft.options);
    // Scope order does not matter: the same set is the same operation.
    const created = await createApiKey(t.db, actor, {
      ...input,
      scopes: ["read", "payments"],
      authorization,
    });
    expect(created.key).toMatch(/^scrip_sk_/);
    await expect(createApiKey(t.db, actor, { ...input, authorization })).rejects.toMatchObject({
      code: "STEP_UP_INVALID",
    });
    expect(await countKeys(shopId)).toBe(1);
  });
});

describe("adding a webhook endpoint needs the owner's passkey over its address and events", () => {
  const countEndpoints = async (shopId: string) =>
    (await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.shopId, shopId))).length;

  it("without a confirmation, or with one for another address, no endpoint is added", async () => {
    const { owner, actor, shopId } = await ownedShop();
    const ip = testIp();
    const input = { shopId, url: "http://127.0.0.1:9/hook", eventTypes: ["coupon.converted"], ip };
    await expect(createWebhookEndpoint(t.db, actor, input)).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    const draft = await beginCreateWebhookEndpoint(t.db, actor, input);
    await expect(
      createWebhookEndpoint(t.db, actor, {
        ...input,
        url: "http://127.0.0.1:9/attacker",
        authorization: sign(owner, draft.options),
      }),
    ).rejects.toMatchObject({ code: "STEP_UP_INVALID" });
    expect(await countEndpoints(shopId)).toBe(0);
  });

  it("a valid confirmation adds one endpoint; replaying it adds no second one", async () => {
    const { owner, actor, shopId } = await ownedShop();
    const ip = testIp();
    const input = { shopId, url: "http://127.0.0.1:9/hook", eventTypes: ["coupon.converted"], ip };
    const draft = await beginCreateWebhookEndpoint(t.db, actor, input);
    const authorization = sign(owner, draft.options);
    const created = await createWebhookEndpoint(t.db, actor, { ...input, authorization });
    expect(created.secret).toMatch(/^whsec_/);
    await expect(createWebhookEndpoint(t.db, actor, { ...input, authorization })).rejects.toMatchObject({
      code: "STEP_UP_INVALID",
    });
    expect(await countEndpoints(shopId)).toBe(1);
  });
});
