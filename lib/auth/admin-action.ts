import "server-only";
import type { z } from "zod";
import { type AuthedContext, defineAction, type WrappedAction } from "./authed-action";
import { type Permission, permissions, requirePermission } from "./permissions";

type AdminPermission = { [P in Permission]: (typeof permissions)[P] extends "admin" ? P : never }[Permission];

/** A back-office server action: the signed-in person must be an admin holding `permission`. */
export function adminAction<Schema extends z.ZodType, Result>(
  permission: AdminPermission,
  schema: Schema,
  handler: (context: AuthedContext<z.output<Schema>>) => Promise<Result>,
): WrappedAction<Schema, Result> {
  if (permissions[permission] !== "admin") throw new Error(`${permission} is not an admin permission`);
  return defineAction(schema, (session) => requirePermission(session.actor, permission), handler);
}
