import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { campaignRecipients, campaigns, parties } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { wholeSeconds } from "@/lib/issuance/insert-issued-coupon";
import { getIssuanceLimits } from "@/lib/issuance/issuance-limits";
import { readCredit } from "@/lib/issuance/read-credit-in-use";
import { ensureLedgerAccounts } from "@/lib/ledger/ensure-ledger-accounts";
import type { Currency } from "@/lib/money/currencies";
import { assertNoOverdueInvoice } from "@/lib/parties/overdue";
import { refuseIfSuspended } from "@/lib/parties/suspension";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { resolveSponsor, type Sponsor } from "./campaign-access";
import {
  type CampaignTerms,
  campaignOperation,
  parseCampaignTerms,
  recipientsDigest,
} from "./campaign-terms";
import { newClaimCodeSecret } from "./claim-code-secret";
import { parseRecipientList } from "./parse-recipient-list";

/** What a sponsor fills in; `shopId` for a shop's own campaign, `sponsor` (handle or shop name) for an admin's. */
export interface CampaignInput {
  shopId?: string;
  sponsor?: unknown;
  name: unknown;
  amount: unknown;
  currency: unknown;
  expiresInDays: unknown;
  kind: unknown;
  count?: unknown;
  csv?: unknown;
}

/** The checked campaign before the passkey: who pays, what, how much in all, and whether an admin must approve. */
export interface PreparedCampaign {
  campaignId: string;
  operation: Operation;
  sponsor: Sponsor;
  terms: CampaignTerms;
  totalMinor: bigint;
  needsApproval: boolean;
  recipients: string[] | null;
}

const creditMessage =
  "This campaign would take the sponsor over its credit limit; make it smaller or wait for the next statement.";

/** Refuses a total over the sponsor's credit left (limit − credit in use, which counts unfinished campaigns). */
async function assertCreditFor(db: DbOrTx, partyId: string, currency: Currency, totalMinor: bigint) {
  const credit = (await readCredit(db, partyId, [currency])).get(currency) ?? {
    limitMinor: 0n,
    usedMinor: 0n,
  };
  if (credit.usedMinor + totalMinor > credit.limitMinor)
    throw new AppError("CREDIT_LIMIT_EXCEEDED", creditMessage);
}

/**
 * Checks a campaign before anything is created or signed (the same checks createCampaign repeats): the actor may
 * sponsor it, the terms, every recipient, the per-coupon maximum, and the sponsor's credit. Returns the operation
 * the creator's passkey must sign, bound to a fresh campaign id (or `campaignId` when re-checking).
 */
export async function prepareCampaign(
  db: DbOrTx,
  actor: Actor,
  input: CampaignInput & { campaignId?: string },
): Promise<PreparedCampaign> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person creates campaigns.");
  const sponsor = await resolveSponsor(db, actor, input);
  const parsed = parseCampaignTerms(input);
  const recipients =
    parsed.kind === "recipients"
      ? await parseRecipientList(db, { csv: input.csv, sponsorPartyId: sponsor.partyId })
      : null;
  const terms: CampaignTerms = { ...parsed, count: recipients?.length ?? (parsed.count as number) };
  const limits = getIssuanceLimits();
  if (terms.amountMinor > limits.couponMaximumMinor(terms.currency)) {
    throw new AppError("COUPON_MAXIMUM_EXCEEDED", "This is more than a single coupon may be worth.");
  }
  const totalMinor = terms.amountMinor * BigInt(terms.count);
  await assertCreditFor(db, sponsor.partyId, terms.currency, totalMinor);
  const campaignId = input.campaignId ?? newId("campaign");
  if (!isId("campaign", campaignId))
    throw new AppError("VALIDATION_FAILED", "Check the campaign again first.");
  return {
    campaignId,
    sponsor,
    terms,
    totalMinor,
    recipients,
    needsApproval: totalMinor > limits.approvalThresholdMinor(terms.currency),
    operation: campaignOperation({
      campaignId,
      sponsorPartyId: sponsor.partyId,
      terms,
      recipients: recipients ? recipientsDigest(recipients) : null,
    }),
  };
}

/** Locks the sponsor's row (serialising its campaigns and issuance requests) and checks it may be charged. */
async function lockSponsor(tx: Tx, prepared: PreparedCampaign): Promise<void> {
  const [party] = await tx
    .select({ status: parties.status })
    .from(parties)
    .where(eq(parties.id, prepared.sponsor.partyId))
    .for("update");
  if (!party) throw new AppError("NOT_FOUND", "No such sponsor.");
  refuseIfSuspended(party.status, "requestIssuance");
  await assertNoOverdueInvoice(tx, prepared.sponsor.partyId);
  await assertCreditFor(tx, prepared.sponsor.partyId, prepared.terms.currency, prepared.totalMinor);
}

/**
 * Creates a sponsored campaign confirmed by the creator's passkey over exactly this campaign (sponsor, terms,
 * recipients). Nothing is issued yet: above the approval threshold it waits for another admin, else it is
 * queued. The sponsor's credit (which counts the unissued remainder of its other campaigns) must cover the total.
 */
export async function createCampaign(
  db: DbOrTx,
  actor: Actor,
  input: CampaignInput & { campaignId: string; authorization: unknown; ip?: string | null },
): Promise<{ campaignId: string; status: "awaiting_approval" | "queued" }> {
  if (!isId("campaign", input.campaignId))
    throw new AppError("VALIDATION_FAILED", "Check the campaign again first.");
  const prepared = await prepareCampaign(db, actor, input);
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person creates campaigns.");
  await consumeRateLimit(db, {
    key: `campaign:party:${prepared.sponsor.partyId}`,
    limit: getIssuanceLimits().requestsPerHour,
    windowSeconds: 3600,
  });
  const { campaignId, terms } = prepared;
  const status = prepared.needsApproval ? "awaiting_approval" : "queued";
  await inTransaction(db, async (tx) => {
    const authorization = await completeStepUpFor(tx, db, {
      actor,
      operation: prepared.operation,
      sent: input,
    });
    await lockSponsor(tx, prepared);
    const [reused] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    if (reused) throw new AppError("CONFLICT", "This campaign was already created.");
    await ensureLedgerAccounts(tx, terms.currency, [prepared.sponsor.partyId]);
    const now = wholeSeconds(new Date());
    await tx.insert(campaigns).values({
      id: campaignId,
      sponsorPartyId: prepared.sponsor.partyId,
      createdByUserId: actor.userId,
      name: terms.name,
      kind: terms.kind,
      amountMinor: terms.amountMinor,
      currency: terms.currency,
      couponCount: terms.count,
      couponExpiresAt: new Date(now.getTime() + terms.expiresInDays * 86_400_000),
      status,
      authorization,
      claimCodeSecret: terms.kind === "claim_codes" ? newClaimCodeSecret(campaignId) : null,
    });
    const recipients = prepared.recipients ?? [];
    for (let start = 0; start < recipients.length; start += 5_000) {
      await tx.insert(campaignRecipients).values(
        recipients.slice(start, start + 5_000).map((partyId, offset) => ({
          campaignId,
          index: start + offset,
          partyId,
        })),
      );
    }
    await recordAuditEvent(tx, {
      action: "campaign.created",
      actor,
      targetType: "campaign",
      targetId: campaignId,
      ip: input.ip,
      data: {
        sponsorPartyId: prepared.sponsor.partyId,
        kind: terms.kind,
        count: terms.count,
        amountMinor: terms.amountMinor.toString(),
        currency: terms.currency,
        status,
      },
    });
  });
  return { campaignId, status };
}
