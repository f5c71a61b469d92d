import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { getMemberShopOrThrow } from "./get-member-shop";

/** The operation a passkey confirms when an owner gives a person a role in a shop (confirmed for "owner"). */
export function shopRoleOperation(input: {
  shopId: string;
  userId: string;
  role: "owner" | "staff";
}): Operation {
  return { type: "shop.member.role", shopId: input.shopId, userId: input.userId, role: input.role };
}

/** A handle as people type it (`@Ana`, ` ana `) in its stored form, or a clear 400. */
export function parseHandle(raw: unknown): string {
  const handle = typeof raw === "string" ? raw.trim().replace(/^@/, "").toLowerCase() : "";
  if (!/^[a-z0-9_]{3,30}$/.test(handle)) {
    throw new AppError("VALIDATION_FAILED", "Enter the person's handle (3 to 30 letters, digits or _).");
  }
  return handle;
}

/** The active person with this handle, or NOT_FOUND. */
export async function findActivePersonOrThrow(db: DbOrTx, handle: string) {
  const [person] = await db
    .select({
      userId: users.id,
      handle: users.handle,
      displayName: users.displayName,
      status: parties.status,
    })
    .from(users)
    .innerJoin(parties, eq(parties.id, users.partyId))
    .where(eq(sql`lower(${users.handle})`, handle));
  if (person?.status !== "active") throw new AppError("NOT_FOUND", "There is nobody with that handle.");
  return person;
}

/**
 * Step-up options for making a person an owner of the shop (owners only): owners move the shop's money and
 * manage its keys, so the grant is confirmed with the granting owner's passkey, bound to this shop and person.
 */
export async function beginGrantShopOwner(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; handle: unknown; ip: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; handle: string; displayName: string }> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.members.write" });
  const person = await findActivePersonOrThrow(db, parseHandle(input.handle));
  const operation = shopRoleOperation({ shopId: shop.shopId, userId: person.userId, role: "owner" });
  const options = await beginStepUp(db, { actor, operation, ip: input.ip });
  return { options, handle: person.handle, displayName: person.displayName };
}
