/**
 * Authorisation matrix of sponsored campaigns (#19): each entry point called directly by each kind of caller.
 * Only shop A's owners run shop A's campaigns (staff and others are refused by the wrapper, and the domain hides
 * the campaign from anyone else); the back office's campaign actions are for admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adminCampaignDecisionOptionsAction,
  adminCampaignProgressAction,
  checkAdminCampaignAction,
  controlAdminCampaignAction,
} from "../../app/(admin)/admin/campaigns/actions";
import {
  checkShopCampaignAction,
  controlShopCampaignAction,
  shopCampaignDecisionOptionsAction,
  shopCampaignProgressAction,
} from "../../app/(merchant)/merchant/[slug]/campaigns/actions";
import { shopMembers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { createCampaign, prepareCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaign } from "../../lib/campaigns/start-campaign";
import { authorize, setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { matrixCaller, type Outcome, outcomeOf, type Who } from "../support/matrix";
import { createShopWithProducts } from "../support/shop-fixtures";

let t: TestDatabase;
let ownerA: TestUser;
let shopA: Awaited<ReturnType<typeof createShopWithProducts>>;
let shopB: Awaited<ReturnType<typeof createShopWithProducts>>;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  ownerA = await createTestUser(t.db);
  shopA = await createShopWithProducts(t.db, ownerA, []);
  shopB = await createShopWithProducts(t.db, await createTestUser(t.db), []);
});
afterAll(async () => {
  await t?.destroy();
});

const callers = ["anonymous", "consumer", "shop B owner", "admin", "shop A staff", "shop A owner"] as const;
type Caller = (typeof callers)[number];
const callerOf = (kind: Caller): Promise<Who> => {
  const membership =
    kind === "shop B owner"
      ? { shopId: shopB.shopId, role: "owner" as const }
      : kind === "shop A staff"
        ? { shopId: shopA.shopId, role: "staff" as const }
        : kind === "shop A owner"
          ? { shopId: shopA.shopId, role: "owner" as const }
          : null;
  return matrixCaller(t.db, {
    anonymous: kind === "anonymous",
    isAdmin: kind === "admin",
    join: async (user) => {
      if (membership) await t.db.insert(shopMembers).values({ ...membership, userId: user.userId });
    },
  });
};

const terms = {
  name: "Matrix",
  amount: "1.00",
  currency: "EUR",
  expiresInDays: "30",
  kind: "claim_codes",
  count: "3",
} as const;

/** A fresh running claim-code campaign of shop A, made by its owner. */
async function runningCampaignOfA(): Promise<string> {
  const input = { shopId: shopA.shopId, ...terms };
  const prepared = await prepareCampaign(t.db, shopA.ownerActor, input);
  const authorization = await authorize(t.db, ownerA, prepared.operation);
  const { campaignId } = await createCampaign(t.db, shopA.ownerActor, {
    ...input,
    campaignId: prepared.campaignId,
    authorization,
  });
  await startCampaign(t.db, shopA.ownerActor, { campaignId }, async () => {});
  return campaignId;
}

const shopOwnersOnly = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  "shop B owner": "FORBIDDEN",
  admin: "FORBIDDEN",
  "shop A staff": "FORBIDDEN",
  "shop A owner": "ok",
} as const;
const adminsOnly = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  "shop B owner": "FORBIDDEN",
  admin: "ok",
  "shop A staff": "FORBIDDEN",
  "shop A owner": "FORBIDDEN",
} as const;

interface Row {
  entry: string;
  expected: Record<Caller, Outcome>;
  call: (who: Who) => Promise<Outcome>;
}

const rows: Row[] = [
  {
    entry: "action checkShopCampaignAction on shop A",
    expected: shopOwnersOnly,
    call: async ({ context }) =>
      outcomeOf(await checkShopCampaignAction.run(context, { shopId: shopA.shopId, ...terms })),
  },
  {
    entry: "action shopCampaignProgressAction on shop A's campaign",
    expected: shopOwnersOnly,
    call: async ({ context }) =>
      outcomeOf(
        await shopCampaignProgressAction.run(context, {
          shopId: shopA.shopId,
          campaignId: await runningCampaignOfA(),
        }),
      ),
  },
  {
    entry: "action controlShopCampaignAction pause on shop A's campaign",
    expected: shopOwnersOnly,
    call: async ({ context }) =>
      outcomeOf(
        await controlShopCampaignAction.run(context, {
          shopId: shopA.shopId,
          campaignId: await runningCampaignOfA(),
          control: "pause",
        }),
      ),
  },
  {
    entry: "action controlShopCampaignAction pause on shop A's campaign through shop B",
    expected: { ...shopOwnersOnly, "shop B owner": "NOT_FOUND", "shop A owner": "FORBIDDEN" },
    call: async ({ context }) =>
      outcomeOf(
        await controlShopCampaignAction.run(context, {
          shopId: shopB.shopId,
          campaignId: await runningCampaignOfA(),
          control: "pause",
        }),
      ),
  },
  {
    entry: "action shopCampaignDecisionOptionsAction codes on shop A's campaign",
    expected: shopOwnersOnly,
    call: async ({ context }) =>
      outcomeOf(
        await shopCampaignDecisionOptionsAction.run(context, {
          shopId: shopA.shopId,
          campaignId: await runningCampaignOfA(),
          decision: "codes",
        }),
      ),
  },
  {
    entry: "action checkAdminCampaignAction for shop A",
    expected: adminsOnly,
    call: async ({ context }) =>
      outcomeOf(await checkAdminCampaignAction.run(context, { sponsor: shopA.slug, ...terms })),
  },
  {
    entry: "action adminCampaignProgressAction on shop A's campaign",
    expected: adminsOnly,
    call: async ({ context }) =>
      outcomeOf(await adminCampaignProgressAction.run(context, { campaignId: await runningCampaignOfA() })),
  },
  {
    entry: "action controlAdminCampaignAction pause on shop A's campaign",
    expected: adminsOnly,
    call: async ({ context }) =>
      outcomeOf(
        await controlAdminCampaignAction.run(context, {
          campaignId: await runningCampaignOfA(),
          control: "pause",
        }),
      ),
  },
  {
    entry: "action adminCampaignDecisionOptionsAction approve",
    expected: adminsOnly,
    call: async ({ context }) =>
      outcomeOf(
        await adminCampaignDecisionOptionsAction.run(context, {
          campaignId: await runningCampaignOfA(),
          decision: "approve",
        }),
      ),
  },
];

describe("authorisation matrix: campaigns", () => {
  for (const row of rows) {
    it(row.entry, async () => {
      const outcomes: Partial<Record<Caller, Outcome>> = {};
      for (const caller of callers) outcomes[caller] = await row.call(await callerOf(caller));
      expect(outcomes).toEqual(row.expected);
    });
  }
});
