import "server-only";
import { notFound, redirect } from "next/navigation";
import { type DbOrTx, getDb } from "@/db/client";
import { isAppError } from "@/lib/errors";
import type { ActiveSession } from "@/lib/sessions/get-active-session";
import { getMemberShopOrThrow, type MemberShop } from "@/lib/shops/get-member-shop";
import type { Actor } from "./actor";
import { getCurrentSession } from "./get-current-session";
import { can, type Permission } from "./permissions";
import { safeNext } from "./safe-next";

/** The back office's page for signed-in people without the admin role (it names their account). */
export const backOfficeNotAllowed = "/admin/not-allowed";

export interface PageAccess {
  /** What the page shows needs this permission (for a shop permission: on the shop named by `shopSlug`). */
  permission: Permission;
  /** For merchant pages: the shop, by its address; a person who is not its member gets the 404 page. */
  shopSlug?: string;
  /** This page's path: a signed-out visitor is sent to sign in and then back here. */
  next: string;
  /**
   * Where a signed-in person without the permission goes: the 404 page (default; nothing to probe), or the
   * path of a page that says they are not allowed.
   */
  denied?: "not-found" | typeof backOfficeNotAllowed;
}

/** What a page may render for: the signed-in person, their session (wallet lock, handle) and, on shop pages, the shop. */
export interface PageActor {
  actor: Extract<Actor, { kind: "user" }>;
  session: ActiveSession;
  shop: MemberShop | null;
}

export type PageDecision =
  | { kind: "sign-in"; location: string }
  | { kind: "denied"; location: "not-found" | typeof backOfficeNotAllowed }
  | ({ kind: "allowed" } & PageActor);

/** The sign-in page, coming back to `next` (made safe: a hostile path falls back to the wallet). */
export const signInLocation = (next: string) => `/signin?next=${encodeURIComponent(safeNext(next))}`;

/**
 * Decides a page request for `session`: signed out → sign in and come back; without the permission (or, on a
 * shop page, not a member of the shop) → denied; otherwise the actor. Reads only.
 */
export async function decidePageAccess(
  db: DbOrTx,
  session: ActiveSession | null,
  access: PageAccess,
): Promise<PageDecision> {
  if (!session) return { kind: "sign-in", location: signInLocation(access.next) };
  const denied = { kind: "denied", location: access.denied ?? "not-found" } as const;
  const actor = session.actor;
  if (actor.kind !== "user") return denied;
  if (access.shopSlug === undefined) {
    return can(actor, access.permission) ? { kind: "allowed", actor, session, shop: null } : denied;
  }
  try {
    const shop = await getMemberShopOrThrow(db, actor, {
      slug: access.shopSlug,
      permission: access.permission,
    });
    return { kind: "allowed", actor, session, shop };
  } catch (error) {
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) return denied;
    throw error;
  }
}

/**
 * The one way a page (or layout) reads as a signed-in person: the actor holding `access.permission`, or the
 * redirect to sign in, or the 404 / not-allowed page. The reads the page then makes take this actor and
 * authorise again.
 */
export async function pageActor(
  access: PageAccess & { shopSlug: string },
): Promise<PageActor & { shop: MemberShop }>;
export async function pageActor(access: PageAccess): Promise<PageActor>;
export async function pageActor(access: PageAccess): Promise<PageActor> {
  return pageActorOf(await decidePageAccess(getDb(), await getCurrentSession(), access));
}

/** Carries out a decision: Next.js's redirect or 404 (both throw, ending the render), or the actor. */
export function pageActorOf(decision: PageDecision): PageActor {
  if (decision.kind === "sign-in") redirect(decision.location);
  if (decision.kind === "denied") {
    if (decision.location === "not-found") notFound();
    redirect(decision.location);
  }
  return { actor: decision.actor, session: decision.session, shop: decision.shop };
}
