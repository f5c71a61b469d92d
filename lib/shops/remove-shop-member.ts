import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { shopMembers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { assertAnotherOwner } from "./add-shop-member";
import { getMemberShopOrThrow } from "./get-member-shop";

/** A shop owner removes a member; the last owner cannot be removed. */
export async function removeShopMember(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; userId: unknown },
): Promise<void> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.members.write" });
  if (!isId("user", input.userId)) throw new AppError("NOT_FOUND", "No such member.");
  const userId = input.userId;
  await inTransaction(db, async (tx) => {
    const [member] = await tx
      .select({ role: shopMembers.role })
      .from(shopMembers)
      .where(and(eq(shopMembers.shopId, shop.shopId), eq(shopMembers.userId, userId)))
      .for("update");
    if (!member) throw new AppError("NOT_FOUND", "No such member.");
    if (member.role === "owner") await assertAnotherOwner(tx, shop.shopId, userId);
    await tx
      .delete(shopMembers)
      .where(and(eq(shopMembers.shopId, shop.shopId), eq(shopMembers.userId, userId)));
    await recordAuditEvent(tx, {
      action: "shop.member_removed",
      actor,
      targetType: "shop",
      targetId: shop.shopId,
      data: { userId },
    });
  });
}
