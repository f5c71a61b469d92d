/**
 * Authorisation matrix of the shop side (issue 6): every merchant-dashboard and storefront entry point, called
 * directly (bypassing UI and proxy) by each kind of caller, against shop A. Members of shop B, consumers and
 * admins see shop A as not found; staff of A may run the shop day to day; only owners of A move money, refund or
 * change members. Each call builds its own fresh data.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  grantOwnerAction,
  grantOwnerOptionsAction,
} from "../../app/(merchant)/merchant/[slug]/members/actions";
import {
  acceptOfferAction,
  acceptOfferOptionsAction,
  declineOfferAction,
} from "../../app/(merchant)/merchant/[slug]/offers/actions";
import {
  cancelTillRequestAction,
  createTillRequestAction,
  tillRequestStatusAction,
} from "../../app/(merchant)/merchant/[slug]/pos/actions";
import { requestFromCouponAction } from "../../app/(merchant)/merchant/[slug]/pos/scan-actions";
import {
  addMemberAction,
  conversionAction,
  conversionOptionsAction,
  createShopAction,
  deleteProductAction,
  refundAction,
  refundOptionsAction,
  removeMemberAction,
  saveProductAction,
} from "../../app/(merchant)/merchant/actions";
import { findShopRecipientAction } from "../../app/(wallet)/wallet/coupon-actions";
import { givenOfferStatusAction } from "../../app/(wallet)/wallet/in-person-actions";
import { runImageUpload } from "../../app/api/merchant/[slug]/products/[productId]/image/handler";
import { serveProductImage } from "../../app/api/products/[productId]/image/handler";
import { payRequestAction, payRequestOptionsAction, payRequestStateAction } from "../../app/pay/[id]/actions";
import { checkoutAction, checkoutOptionsAction } from "../../app/s/[shop]/actions";
import { coupons, paymentRequests, productImages, shopMembers, shops } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { ActionResult } from "../../lib/auth/action-result";
import { couponQrTextOf } from "../../lib/coupons/get-coupon-token";
import { newId } from "../../lib/ids";
import { createTillRequest } from "../../lib/pos/create-till-request";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { getMemberShopOrThrow } from "../../lib/shops/get-member-shop";
import { saveProduct } from "../../lib/shops/save-product";
import { issueTestCoupon, offerTestCoupon, setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { matrixCaller, type Outcome, outcomeOf, responseOutcome, type Who } from "../support/matrix";
import { checkoutWith, createShopWithProducts, newCheckoutKey } from "../support/shop-fixtures";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
let shopA: Awaited<ReturnType<typeof createShopWithProducts>>;
let ownerA: TestUser;
let shopB: Awaited<ReturnType<typeof createShopWithProducts>>;
const png = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d1b1b50000000049454e44ae426082",
  "hex",
);

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  ownerA = await createTestUser(t.db);
  shopA = await createShopWithProducts(t.db, ownerA, [{ priceMinor: 100n }]);
  shopB = await createShopWithProducts(t.db, await createTestUser(t.db), [{ priceMinor: 100n }]);
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
const routeOutcome = responseOutcome;
function assertionFor(user: TestUser | null, result: ActionResult<unknown>) {
  const options = result.ok ? (result.data as { options: { challenge: string } }).options : null;
  return (user?.authenticator ?? new TestAuthenticator()).createAssertion(
    options?.challenge ?? "bm8tY2hhbGxlbmdl",
  );
}

/** A fresh paid order of shop A (a coupon the shop now holds), by a new shopper. */
async function paidOrderOfA(): Promise<string> {
  const shopper = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 100n });
  const order = await checkoutWith(t.db, shopper, {
    slug: shopA.slug,
    lines: [{ productId: shopA.productIds[0] as string, quantity: 1 }],
    couponIds: [coupon.id],
  });
  return order.orderId;
}

/** A fresh offer of a coupon to shop A by a new person (what "give to a shop" writes); its transfer id. */
async function offerToA(): Promise<string> {
  const giver = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 100n });
  const [shop] = await t.db.select({ partyId: shops.partyId }).from(shops).where(eq(shops.id, shopA.shopId));
  const offer = await offerTestCoupon(t.db, giver, coupon, { partyId: shop?.partyId as string });
  return offer.transferId;
}

const nonMembers = { consumer: "NOT_FOUND", "shop B owner": "NOT_FOUND", admin: "NOT_FOUND" } as const;
const staffAndOwners = {
  anonymous: "UNAUTHENTICATED",
  ...nonMembers,
  "shop A staff": "ok",
  "shop A owner": "ok",
};
const ownersOnly = { ...staffAndOwners, "shop A staff": "FORBIDDEN" };
const signedIn = {
  anonymous: "UNAUTHENTICATED",
  consumer: "ok",
  "shop B owner": "ok",
  admin: "ok",
  "shop A staff": "ok",
  "shop A owner": "ok",
};

interface Row {
  entry: string;
  expected: Record<Caller, Outcome>;
  call: (who: Who) => Promise<Outcome>;
}

let slugCounter = 0;
const rows: Row[] = [
  {
    entry: "page guard getMemberShopOrThrow(shop.read) on shop A",
    expected: { ...staffAndOwners, anonymous: "NOT_FOUND" },
    call: async ({ context }) => {
      const session = await getActiveSession(t.db, context.sessionId);
      if (!session) return "NOT_FOUND";
      return getMemberShopOrThrow(t.db, session.actor, { slug: shopA.slug, permission: "shop.read" }).then(
        () => "ok",
        (error: { code: string }) => error.code,
      );
    },
  },
  {
    entry: "action createShopAction",
    expected: signedIn,
    call: async ({ context }) => {
      slugCounter += 1;
      const slug = `matrix-${process.pid}-${slugCounter}`;
      return outcomeOf(await createShopAction.run(context, { name: "Matrix shop", slug, currency: "EUR" }));
    },
  },
  {
    entry: "action saveProductAction on shop A",
    expected: staffAndOwners,
    call: async ({ context }) =>
      outcomeOf(
        await saveProductAction.run(context, {
          slug: shopA.slug,
          name: "Matrix product",
          description: "",
          price: "1.00",
          active: true,
          stock: null,
        }),
      ),
  },
  {
    entry: "action deleteProductAction on shop A",
    expected: staffAndOwners,
    call: async ({ context }) => {
      const { productId } = await saveProduct(t.db, shopA.ownerActor, {
        slug: shopA.slug,
        name: "Doomed product",
        description: "",
        priceMinor: 100n,
        active: true,
        stock: null,
      });
      return outcomeOf(await deleteProductAction.run(context, { slug: shopA.slug, productId }));
    },
  },
  {
    entry: "route POST /api/merchant/[slug]/products/[id]/image on shop A",
    expected: staffAndOwners,
    call: async ({ context }) =>
      routeOutcome(
        await runImageUpload(
          context,
          new Request("http://localhost:3000/x", { method: "POST", body: new Uint8Array(png) }),
          {
            slug: shopA.slug,
            productId: shopA.productIds[0] as string,
          },
        ),
      ),
  },
  {
    entry: "route GET /api/products/[id]/image (public)",
    expected: Object.fromEntries(callers.map((caller) => [caller, "ok"])) as Record<Caller, Outcome>,
    call: async () => {
      await t.db
        .insert(productImages)
        .values({
          productId: shopA.productIds[0] as string,
          contentType: "image/png",
          bytes: png,
          sha256: "matrix",
        })
        .onConflictDoNothing();
      return routeOutcome(
        await serveProductImage(t.db, new Request("http://localhost:3000/x"), shopA.productIds[0] as string),
      );
    },
  },
  {
    entry: "action addMemberAction on shop A",
    expected: ownersOnly,
    call: async ({ context }) => {
      const person = await createTestUser(t.db);
      return outcomeOf(
        await addMemberAction.run(context, { slug: shopA.slug, handle: person.handle, role: "staff" }),
      );
    },
  },
  {
    entry: "action addMemberAction granting the owner role on shop A (no passkey: refused)",
    expected: { ...ownersOnly, "shop A owner": "STEP_UP_REQUIRED" },
    call: async ({ context }) => {
      const person = await createTestUser(t.db);
      return outcomeOf(
        await addMemberAction.run(context, { slug: shopA.slug, handle: person.handle, role: "owner" }),
      );
    },
  },
  {
    entry: "actions grantOwnerOptionsAction + grantOwnerAction on shop A",
    expected: ownersOnly,
    call: async ({ context, user }) => {
      const person = await createTestUser(t.db);
      const input = { slug: shopA.slug, handle: person.handle };
      const options = await grantOwnerOptionsAction.run(context, input);
      const result = await grantOwnerAction.run(context, { ...input, stepUp: assertionFor(user, options) });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "action removeMemberAction on shop A",
    expected: ownersOnly,
    call: async ({ context }) => {
      const person = await createTestUser(t.db);
      await t.db.insert(shopMembers).values({ shopId: shopA.shopId, userId: person.userId, role: "staff" });
      return outcomeOf(await removeMemberAction.run(context, { slug: shopA.slug, userId: person.userId }));
    },
  },
  {
    entry: "actions refundOptionsAction + refundAction on shop A",
    expected: ownersOnly,
    call: async ({ context, user }) => {
      const orderId = await paidOrderOfA();
      const input = { slug: shopA.slug, orderId, amount: "1.00" };
      const options = await refundOptionsAction.run(context, input);
      const result = await refundAction.run(context, { ...input, stepUp: assertionFor(user, options) });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "actions conversionOptionsAction + conversionAction on shop A",
    expected: ownersOnly,
    call: async ({ context, user }) => {
      await paidOrderOfA();
      const options = await conversionOptionsAction.run(context, { slug: shopA.slug, couponIds: "all" });
      const couponIds = options.ok ? options.data.couponIds : ["cpn_aaaaaaaaaaaaaaaaaaaaaa"];
      const result = await conversionAction.run(context, {
        slug: shopA.slug,
        couponIds,
        stepUp: assertionFor(user, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "actions acceptOfferOptionsAction + acceptOfferAction (an offer to shop A)",
    expected: staffAndOwners,
    call: async ({ context, user }) => {
      const input = { slug: shopA.slug, transferId: await offerToA() };
      const options = await acceptOfferOptionsAction.run(context, input);
      const result = await acceptOfferAction.run(context, { ...input, stepUp: assertionFor(user, options) });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "action declineOfferAction (an offer to shop A)",
    expected: staffAndOwners,
    call: async ({ context }) =>
      outcomeOf(await declineOfferAction.run(context, { slug: shopA.slug, transferId: await offerToA() })),
  },
  {
    entry: "action findShopRecipientAction (shop A's address, to give to it)",
    expected: signedIn,
    call: async ({ context }) =>
      outcomeOf(await findShopRecipientAction.run(context, { address: `/s/${shopA.slug}`, currency: "EUR" })),
  },
  {
    entry: "actions checkoutOptionsAction + checkoutAction at shop A",
    expected: signedIn,
    call: async ({ context, user }) => {
      const coupon = user
        ? await issueTestCoupon(t.db, user, { amountMinor: 100n })
        : { id: "cpn_aaaaaaaaaaaaaaaaaaaaaa" };
      const input = {
        slug: shopA.slug,
        checkoutKey: newCheckoutKey(),
        lines: [{ productId: shopA.productIds[0] as string, quantity: 1 }],
        couponIds: [coupon.id],
      };
      const options = await checkoutOptionsAction.run(context, input);
      if (!options.ok) return outcomeOf(options);
      return outcomeOf(
        await checkoutAction.run(context, {
          ...input,
          expectedTotalMinor: options.data.totalMinor,
          stepUp: assertionFor(user, options),
        }),
      );
    },
  },
  {
    entry: "actions payRequestOptionsAction + payRequestAction (hosted page) for shop A",
    expected: signedIn,
    call: async ({ context, user }) => {
      const paymentRequestId = newId("paymentRequest");
      await t.db.insert(paymentRequests).values({
        id: paymentRequestId,
        shopId: shopA.shopId,
        amountMinor: 100n,
        currency: "EUR",
        orderReference: "matrix",
        returnUrl: "https://shop.example/back",
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      const coupon = user
        ? await issueTestCoupon(t.db, user, { amountMinor: 100n })
        : { id: "cpn_aaaaaaaaaaaaaaaaaaaaaa" };
      const input = { paymentRequestId, couponIds: [coupon.id] };
      const options = await payRequestOptionsAction.run(context, input);
      if (!options.ok) return outcomeOf(options);
      return outcomeOf(
        await payRequestAction.run(context, { ...input, stepUp: assertionFor(user, options) }),
      );
    },
  },
  {
    entry: "action createTillRequestAction (the till) on shop A",
    expected: staffAndOwners,
    call: async ({ context }) =>
      outcomeOf(
        await createTillRequestAction.run(context, { slug: shopA.slug, amount: "1.00", lines: null }),
      ),
  },
  {
    entry: "action tillRequestStatusAction (the till) on shop A",
    expected: staffAndOwners,
    call: async ({ context }) => {
      const request = await createTillRequest(t.db, shopA.ownerActor, {
        shopId: shopA.shopId,
        amount: "1.00",
      });
      return outcomeOf(await tillRequestStatusAction.run(context, { slug: shopA.slug, id: request.id }));
    },
  },
  {
    entry: "action cancelTillRequestAction (the till) on shop A",
    expected: staffAndOwners,
    call: async ({ context }) => {
      const request = await createTillRequest(t.db, shopA.ownerActor, {
        shopId: shopA.shopId,
        amount: "1.00",
      });
      return outcomeOf(await cancelTillRequestAction.run(context, { slug: shopA.slug, id: request.id }));
    },
  },
  {
    entry: "action requestFromCouponAction (the till scans a customer's coupon) on shop A",
    expected: staffAndOwners,
    call: async ({ context }) => {
      const customer = await createTestUser(t.db);
      const coupon = await issueTestCoupon(t.db, customer, { amountMinor: 500n });
      const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
      if (!row) throw new Error("no such coupon");
      return outcomeOf(
        await requestFromCouponAction.run(context, {
          slug: shopA.slug,
          token: couponQrTextOf(row),
          amount: "1.00",
        }),
      );
    },
  },
  {
    entry: "action givenOfferStatusAction (Give in person follows the giver's own offer) on a person's offer",
    // Only the giver learns where their offer stands; everyone else is told there is no such offer.
    expected: {
      anonymous: "UNAUTHENTICATED",
      consumer: "NOT_FOUND",
      "shop B owner": "NOT_FOUND",
      admin: "NOT_FOUND",
      "shop A staff": "NOT_FOUND",
      "shop A owner": "NOT_FOUND",
    },
    call: async ({ context }) => {
      const giver = await createTestUser(t.db);
      const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 100n });
      const offer = await offerTestCoupon(t.db, giver, coupon, { open: true });
      return outcomeOf(await givenOfferStatusAction.run(context, { transferId: offer.transferId }));
    },
  },
  {
    entry: "action payRequestStateAction (hosted page) on a till request of shop A",
    expected: signedIn,
    call: async ({ context }) => {
      const request = await createTillRequest(t.db, shopA.ownerActor, {
        shopId: shopA.shopId,
        amount: "1.00",
      });
      return outcomeOf(await payRequestStateAction.run(context, { paymentRequestId: request.id }));
    },
  },
  {
    entry: "action payRequestOptionsAction on a till request of shop A addressed to someone else",
    expected: {
      anonymous: "UNAUTHENTICATED",
      consumer: "FORBIDDEN",
      "shop B owner": "FORBIDDEN",
      admin: "FORBIDDEN",
      "shop A staff": "FORBIDDEN",
      "shop A owner": "FORBIDDEN",
    },
    call: async ({ context, user }) => {
      const customer = await createTestUser(t.db);
      const request = await createTillRequest(t.db, shopA.ownerActor, {
        shopId: shopA.shopId,
        amount: "1.00",
        payerPartyId: customer.partyId,
      });
      const coupon = user
        ? await issueTestCoupon(t.db, user, { amountMinor: 100n })
        : { id: "cpn_aaaaaaaaaaaaaaaaaaaaaa" };
      return outcomeOf(
        await payRequestOptionsAction.run(context, { paymentRequestId: request.id, couponIds: [coupon.id] }),
      );
    },
  },
];

describe("authorisation matrix: shops", () => {
  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.entry} as ${caller}: ${row.expected[caller]}`, async () => {
        expect(await row.call(await callerOf(caller))).toBe(row.expected[caller]);
      });
    }
  }

  it("an owner of shop B cannot act on shop A's ids through shop B's slug", async () => {
    const ownerB = await callerOf("shop B owner");
    const orderOfA = await paidOrderOfA();
    const refund = await refundOptionsAction.run(ownerB.context, {
      slug: shopB.slug,
      orderId: orderOfA,
      amount: "1.00",
    });
    expect(outcomeOf(refund)).toBe("NOT_FOUND");
    const tillRequestOfA = await createTillRequest(t.db, shopA.ownerActor, {
      shopId: shopA.shopId,
      amount: "1.00",
    });
    for (const action of [tillRequestStatusAction, cancelTillRequestAction]) {
      const outcome = await action.run(ownerB.context, { slug: shopB.slug, id: tillRequestOfA.id });
      expect(outcomeOf(outcome)).toBe("NOT_FOUND");
    }
    const product = await saveProductAction.run(ownerB.context, {
      slug: shopB.slug,
      productId: shopA.productIds[0] as string,
      name: "Hijacked",
      description: "",
      price: "0.01",
      active: true,
      stock: null,
    });
    expect(outcomeOf(product)).toBe("NOT_FOUND");
    const image = await runImageUpload(
      ownerB.context,
      new Request("http://localhost:3000/x", { method: "POST", body: new Uint8Array(png) }),
      { slug: shopB.slug, productId: shopA.productIds[0] as string },
    );
    expect(await routeOutcome(image)).toBe("NOT_FOUND");
  });

  it("refuses oversized and non-image uploads with 413 and 415", async () => {
    const owner = await callerOf("shop A owner");
    const upload = (body: Buffer) =>
      runImageUpload(
        owner.context,
        new Request("http://localhost:3000/x", { method: "POST", body: new Uint8Array(body) }),
        {
          slug: shopA.slug,
          productId: shopA.productIds[0] as string,
        },
      );
    const big = await upload(Buffer.concat([png, Buffer.alloc(1024 * 1024)]));
    expect(big.status).toBe(413);
    const html = await upload(Buffer.from("<html><script>alert(1)</script></html>"));
    expect(html.status).toBe(415);
    expect((await html.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });
});
