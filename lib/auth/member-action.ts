import "server-only";
import { z } from "zod";
import { getMemberShopOrThrow, type MemberShop } from "@/lib/shops/get-member-shop";
import { plainText } from "@/lib/validation/text";
import { type AuthedContext, defineAction, type WrappedAction } from "./authed-action";
import type { Permission } from "./permissions";

const slugScope = z.object({ slug: plainText("a shop address").min(1).max(40) });

/**
 * A merchant-dashboard server action on one shop, named by its slug: the signed-in person must belong to that
 * shop and hold `permission` there (a shop they do not belong to is not found). The handler receives the shop;
 * the domain function it calls checks again.
 */
export function memberAction<Schema extends z.ZodObject<{ slug: z.ZodString }>, Result>(
  permission: Permission,
  schema: Schema,
  handler: (context: AuthedContext<z.output<Schema>> & { shop: MemberShop }) => Promise<Result>,
): WrappedAction<Schema, Result> {
  return defineAction(
    schema,
    () => {},
    async (context) => {
      const { slug } = slugScope.parse(context.input);
      const shop = await getMemberShopOrThrow(context.db, context.actor, { slug, permission });
      return handler({ ...context, shop });
    },
  );
}
