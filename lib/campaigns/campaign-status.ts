import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { campaigns } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import type { CampaignStatus } from "./campaign-status-words";
import { campaignRunJob } from "./contract";

export type { CampaignStatus } from "./campaign-status-words";

/**
 * Moves a campaign from one of `from` to `to`, guarded by its status (`… where status in from`), and audits it.
 * Refuses with CONFLICT when the campaign is no longer in one of `from` (someone else got there first).
 */
export async function moveCampaign(
  tx: Tx,
  actor: Actor,
  input: {
    campaignId: string;
    from: CampaignStatus[];
    to: CampaignStatus;
    action: string;
    set?: Partial<typeof campaigns.$inferInsert>;
    reason?: string;
    ip?: string | null;
  },
): Promise<void> {
  const moved = await tx
    .update(campaigns)
    .set({ ...input.set, status: input.to, updatedAt: sql`now()` })
    .where(and(eq(campaigns.id, input.campaignId), inArray(campaigns.status, input.from)))
    .returning({ id: campaigns.id });
  if (moved.length !== 1) {
    throw new AppError("CONFLICT", "This campaign changed meanwhile; look at it again.");
  }
  await recordAuditEvent(tx, {
    action: input.action,
    actor,
    targetType: "campaign",
    targetId: input.campaignId,
    reason: input.reason,
    ip: input.ip,
    data: { from: input.from, to: input.to },
  });
}

/** Counts a campaign control (start, pause, resume, cancel, approve, reveal) against the person's rate. */
export async function limitCampaignControl(db: DbOrTx, actor: Actor): Promise<void> {
  const who = actor.kind === "system" ? "system" : actor.kind === "user" ? actor.userId : actor.partyId;
  await consumeRateLimit(db, { key: `campaign-control:${who}`, limit: 120, windowSeconds: 3600 });
}

/** Hands a running campaign to the job queue (one queued job per campaign at a time). */
export async function enqueueCampaignRun(campaignId: string): Promise<void> {
  await enqueueJob(campaignRunJob, { campaignId }, { singletonKey: `campaign:${campaignId}` });
}

/** How a control hands a campaign to the queue; tests pass their own and run the campaign themselves. */
export type EnqueueCampaign = (campaignId: string) => Promise<void>;
