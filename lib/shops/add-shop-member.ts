import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { shopMembers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { findActivePersonOrThrow, parseHandle, shopRoleOperation } from "./begin-grant-shop-owner";
import { getMemberShopOrThrow } from "./get-member-shop";

/** A shop has at most this many members. */
export const maxShopMembers = 50;

/**
 * A shop owner adds a person (by handle) as owner or staff, or changes an existing member's role. The person
 * must exist and be active; a shop keeps at least one owner. Granting the owner role (adding an owner or
 * promoting staff) needs the granting owner's passkey assertion over exactly that grant (`beginGrantShopOwner`),
 * spent in the same transaction.
 */
export async function addShopMember(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; handle: unknown; role: unknown; authorization?: unknown; ip?: string | null },
): Promise<{ userId: string; handle: string; role: "owner" | "staff" }> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.members.write" });
  const role = input.role;
  if (role !== "owner" && role !== "staff") throw new AppError("VALIDATION_FAILED", "Choose owner or staff.");
  const handle = parseHandle(input.handle);
  if (role === "owner" && input.authorization == null) {
    throw new AppError("STEP_UP_REQUIRED", "Confirm making this person an owner with your passkey.");
  }
  return inTransaction(db, async (tx) => {
    const person = await findActivePersonOrThrow(tx, handle);
    if (role === "owner") {
      const operation = shopRoleOperation({ shopId: shop.shopId, userId: person.userId, role });
      await completeStepUpFor(tx, db, { actor, operation, sent: input });
    }
    const [{ count }] = (await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(shopMembers)
      .where(eq(shopMembers.shopId, shop.shopId))) as [{ count: number }];
    const [existing] = await tx
      .select({ role: shopMembers.role })
      .from(shopMembers)
      .where(and(eq(shopMembers.shopId, shop.shopId), eq(shopMembers.userId, person.userId)))
      .for("update");
    if (!existing && count >= maxShopMembers) {
      throw new AppError("LIMIT_EXCEEDED", `A shop has at most ${maxShopMembers} members.`);
    }
    if (existing?.role === "owner" && role === "staff")
      await assertAnotherOwner(tx, shop.shopId, person.userId);
    await tx
      .insert(shopMembers)
      .values({ shopId: shop.shopId, userId: person.userId, role })
      .onConflictDoUpdate({ target: [shopMembers.shopId, shopMembers.userId], set: { role } });
    await recordAuditEvent(tx, {
      action: existing ? "shop.member_role_changed" : "shop.member_added",
      actor,
      targetType: "shop",
      targetId: shop.shopId,
      data: { userId: person.userId, role },
    });
    return { userId: person.userId, handle: person.handle, role };
  });
}

/** Refuses to leave a shop without an owner (the owners' rows are locked so two demotions cannot race). */
export async function assertAnotherOwner(tx: DbOrTx, shopId: string, userId: string): Promise<void> {
  const owners = await tx
    .select({ userId: shopMembers.userId })
    .from(shopMembers)
    .where(and(eq(shopMembers.shopId, shopId), eq(shopMembers.role, "owner")))
    .for("update");
  if (!owners.some((owner) => owner.userId !== userId)) {
    throw new AppError("CONFLICT", "A shop needs at least one owner; make someone else owner first.");
  }
}
