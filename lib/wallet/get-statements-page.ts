import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { listPartyPostings, listStatements, type PostingLine, type StatementLine } from "./list-statements";
import { walletPartyOf } from "./wallet-party";

export interface StatementsPage {
  statements: StatementLine[];
  postings: PostingLine[];
  /** Per currency, the net of postings not yet in a run: > 0 the next run invoices it, < 0 pays it out. */
  preview: { currency: string; netMinor: bigint }[];
}

/** A person's statements by run, their postings, and the preview of what the next charging run bills or pays. */
export async function getStatementsPage(db: DbOrTx, actor: Actor): Promise<StatementsPage> {
  const partyId = walletPartyOf(actor);
  const [statements, postings] = await Promise.all([
    listStatements(db, partyId),
    listPartyPostings(db, partyId),
  ]);
  const net = new Map<string, bigint>();
  for (const posting of postings) {
    if (posting.chargingRunId || !posting.billable) continue;
    net.set(posting.currency, (net.get(posting.currency) ?? 0n) + posting.amountMinor);
  }
  return {
    statements,
    postings,
    preview: [...net].map(([currency, netMinor]) => ({ currency, netMinor })),
  };
}
