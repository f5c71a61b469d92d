import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/get-current-session";
import type { Permission } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { getMemberShopOrThrow, type MemberShop } from "./get-member-shop";

/**
 * For merchant pages: the signed-in person's shop by slug (others are sent to sign in and back), or the 404 page
 * when they do not belong to it or lack `permission` there.
 */
export async function loadMemberShop(slug: string, permission: Permission, next: string) {
  const session = await requireUser(next);
  try {
    const shop: MemberShop = await getMemberShopOrThrow(getDb(), session.actor, { slug, permission });
    return { session, shop, db: getDb() };
  } catch (error) {
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    throw error;
  }
}
