import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passkeys } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { passkeyNameSchema } from "@/lib/users/handle";

/** Renames one of the signed-in person's own passkeys; another person's passkey is "not found". */
export async function renamePasskey(
  db: DbOrTx,
  input: { actor: Actor; passkeyId: string; name: string; ip?: string | null },
): Promise<{ name: string }> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has passkeys.");
  const name = passkeyNameSchema.parse(input.name);
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(passkeys)
      .set({ name })
      .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, actor.userId)))
      .returning({ id: passkeys.id });
    if (updated.length === 0) throw new AppError("NOT_FOUND", "This passkey was not found.");
    await recordAuditEvent(tx, {
      action: "passkey.renamed",
      actor,
      targetType: "passkey",
      targetId: input.passkeyId,
      ip: input.ip,
      data: { name },
    });
    return { name };
  });
}
