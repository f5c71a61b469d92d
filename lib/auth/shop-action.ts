import "server-only";
import { z } from "zod";
import { plainText } from "@/lib/validation/text";
import { type AuthedContext, defineAction, type WrappedAction } from "./authed-action";
import { type Permission, requirePermission } from "./permissions";

const shopScope = z.object({ shopId: plainText("a shop id").min(1).max(64) });

/**
 * A server action on one shop: the input carries `shopId`, and the signed-in person must hold `permission`
 * on exactly that shop (owner or staff, per the permission table). The domain function checks again.
 */
export function shopAction<Schema extends z.ZodObject<{ shopId: z.ZodString }>, Result>(
  permission: Permission,
  schema: Schema,
  handler: (context: AuthedContext<z.output<Schema>> & { shopId: string }) => Promise<Result>,
): WrappedAction<Schema, Result> {
  return defineAction(
    schema,
    (session, input) =>
      requirePermission(session.actor, permission, { shopId: shopScope.parse(input).shopId }),
    (context) => handler({ ...context, shopId: shopScope.parse(context.input).shopId }),
  );
}
