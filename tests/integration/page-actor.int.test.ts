/**
 * The one page helper's outcomes: signed out → sign in with a safe way back; signed in without the permission
 * (or not a member of the shop) → the 404 page or the area's not-allowed page; allowed → the actor, the session
 * and, on shop pages, the shop. pageActorOf turns each into what Next.js does (redirect, 404, or the actor).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { shops } from "../../db/schema";
import { backOfficeNotAllowed, decidePageAccess, pageActorOf } from "../../lib/auth/page-actor";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { createTestSession, createTestShop } from "../support/auth-sessions";
import { couponTestDatabaseForFile } from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

const t = couponTestDatabaseForFile();

async function sessionOf(options: { isAdmin?: boolean } = {}) {
  const user = await createTestUser(t.db, { isAdmin: options.isAdmin ?? false });
  const session = await getActiveSession(t.db, await createTestSession(t.db, user.userId));
  if (!session) throw new Error("no session");
  return { user, session };
}

async function shopWith(members: { userId: string; role: "owner" | "staff" }[]) {
  const { shopId } = await createTestShop(t.db, members);
  const [shop] = await t.db.select({ slug: shops.slug }).from(shops).where(eq(shops.id, shopId));
  return { shopId, slug: shop?.slug ?? "" };
}

/** What Next.js's redirect()/notFound() threw, by its digest. */
function interruptOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String((error as { digest?: string }).digest);
  }
  return "no interrupt";
}

describe("pageActor", () => {
  it("signed out: sends to sign in and back to this page, never off-site", async () => {
    const decision = await decidePageAccess(t.db, null, {
      permission: "wallet.use",
      next: "/wallet/coupons/cpn_1",
    });
    expect(decision).toEqual({ kind: "sign-in", location: "/signin?next=%2Fwallet%2Fcoupons%2Fcpn_1" });
    expect(interruptOf(() => pageActorOf(decision))).toMatch(
      /^NEXT_REDIRECT;\w+;\/signin\?next=%2Fwallet%2Fcoupons%2Fcpn_1;307;/,
    );
    const hostile = await decidePageAccess(t.db, null, {
      permission: "wallet.use",
      next: "//evil.example/x",
    });
    expect(hostile).toEqual({ kind: "sign-in", location: "/signin?next=%2Fwallet" });
  });

  it("signed in without the permission: the 404 page, or the back office's not-allowed page", async () => {
    const { session } = await sessionOf();
    const hidden = await decidePageAccess(t.db, session, { permission: "admin.read", next: "/admin" });
    expect(hidden).toEqual({ kind: "denied", location: "not-found" });
    expect(interruptOf(() => pageActorOf(hidden))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    const told = await decidePageAccess(t.db, session, {
      permission: "admin.read",
      next: "/admin",
      denied: backOfficeNotAllowed,
    });
    expect(told).toEqual({ kind: "denied", location: backOfficeNotAllowed });
    expect(interruptOf(() => pageActorOf(told))).toMatch(/^NEXT_REDIRECT;\w+;\/admin\/not-allowed;307;/);
  });

  it("shop pages: another shop, an unknown address and a staff member asking for owner rights all get the 404", async () => {
    const user = await createTestUser(t.db);
    const mine = await shopWith([{ userId: user.userId, role: "staff" }]);
    // The session's actor carries the shop roles the person had when it was read.
    const session = await getActiveSession(t.db, await createTestSession(t.db, user.userId));
    const theirs = await shopWith([]);
    for (const access of [
      { permission: "shop.read" as const, shopSlug: theirs.slug },
      { permission: "shop.read" as const, shopSlug: "no-such-shop" },
      { permission: "shop.api_keys.write" as const, shopSlug: mine.slug },
    ]) {
      expect(await decidePageAccess(t.db, session, { ...access, next: "/merchant" })).toEqual({
        kind: "denied",
        location: "not-found",
      });
    }
    const allowed = await decidePageAccess(t.db, session, {
      permission: "shop.read",
      shopSlug: mine.slug.toUpperCase(),
      next: "/merchant",
    });
    expect(allowed).toMatchObject({ kind: "allowed", shop: { shopId: mine.shopId, role: "staff" } });
  });

  it("allowed: the person's actor and session", async () => {
    const { user, session } = await sessionOf({ isAdmin: true });
    const decision = await decidePageAccess(t.db, session, {
      permission: "admin.read",
      next: "/admin",
      denied: backOfficeNotAllowed,
    });
    const result = pageActorOf(decision);
    expect(result.actor).toMatchObject({
      kind: "user",
      userId: user.userId,
      partyId: user.partyId,
      isAdmin: true,
    });
    expect(result.session.userId).toBe(user.userId);
    expect(result.shop).toBeNull();
  });
});
