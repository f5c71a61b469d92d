import "server-only";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import type { Permission } from "@/lib/auth/permissions";

/**
 * For merchant pages: the signed-in person's shop by slug (others are sent to sign in and back), or the 404 page
 * when they do not belong to it or lack `permission` there.
 */
export async function loadMemberShop(slug: string, permission: Permission, next: string) {
  const { session, actor, shop } = await pageActor({ permission, shopSlug: slug, next });
  return { session, actor, shop, db: getDb() };
}
