import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { shopMembers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { type IbanShape, maskedIban } from "./payout-account-input";
import type { PayoutParty } from "./payout-party";

/** What an account was or became, as far as the audit log and notifications may say: masked. */
export interface PayoutAccountSummary extends IbanShape {
  holderName: string;
  bic: string | null;
}

const summary = (account: PayoutAccountSummary | null) =>
  account
    ? {
        iban: maskedIban(account),
        country: account.country,
        bic: account.bic,
        holderName: account.holderName,
      }
    : null;

/**
 * In the change's transaction: one audit row (IBANs masked, never in clear) and a security event, which the
 * trigger of migration 0014 turns into a notification and an email that cannot be turned off. A person's
 * change goes to that person; a shop's to every owner of the shop (shops have no notification centre of
 * their own, and a co-owner should hear when the shop's money is sent somewhere else).
 */
export async function recordPayoutAccountChange(
  tx: DbOrTx,
  input: {
    actor: Actor;
    party: PayoutParty;
    previous: PayoutAccountSummary | null;
    next: PayoutAccountSummary | null;
    ip?: string | null;
  },
): Promise<void> {
  const { actor, party, previous, next } = input;
  await recordAuditEvent(tx, {
    action: next ? (previous ? "payout_account.changed" : "payout_account.added") : "payout_account.removed",
    actor,
    targetType: "party",
    targetId: party.partyId,
    ip: input.ip ?? null,
    data: { shopId: party.shop?.shopId ?? null, previous: summary(previous), next: summary(next) },
  });
  const what = next ? `now the account ending ${next.last4}` : "the account was removed";
  const detail = party.shop ? `${party.shop.name}: ${what}` : what;
  const userIds = party.shop
    ? (
        await tx
          .select({ userId: shopMembers.userId })
          .from(shopMembers)
          .where(and(eq(shopMembers.shopId, party.shop.shopId), eq(shopMembers.role, "owner")))
      ).map((row) => row.userId)
    : actor.kind === "user"
      ? [actor.userId]
      : [];
  for (const userId of userIds) {
    await recordSecurityEvent(tx, { userId, kind: "payout_account_changed", detail, ip: input.ip ?? null });
  }
}
