import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BankAnswerUpload } from "@/components/admin/payouts/bank-answer-upload";
import { BatchActions } from "@/components/admin/payouts/batch-actions";
import { BackLink } from "@/components/ui/back-link";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { When } from "@/components/ui/when";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { formatDateTime } from "@/lib/dates/format-date";
import { isAppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money/money";
import { getPayoutBatch, type PayoutBatchItemView } from "@/lib/payouts/get-payout-batch";
import { returnReasonWords } from "@/lib/payouts/return-reasons";
import { batchStatusWords, itemStateWords } from "../batch-words";

export const metadata: Metadata = { title: "Payout batch · Back office" };

type Props = { params: Promise<{ batchId: string }> };

function detail(item: PayoutBatchItemView): string | null {
  if (item.state === "held_for_review" && item.heldUntil)
    return `held until ${formatDateTime(item.heldUntil)}`;
  if (item.state === "returned") return returnReasonWords(item.returnReasonCode);
  if (item.state === "blocked_no_account") return "waits until they add one";
  return null;
}

export default async function PayoutBatchPage({ params }: Props) {
  const { batchId } = await params;
  const { actor } = await pageActor({
    permission: "admin.read",
    next: `/admin/payouts/${batchId}`,
    denied: backOfficeNotAllowed,
  });
  const batch = await getPayoutBatch(getDb(), actor, { batchId }).catch((error) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const inFile = batch.items.filter(
    (item) => item.state !== "blocked_no_account" && item.state !== "held_for_review",
  );
  const waiting = batch.items.some((item) => item.state === "included");
  return (
    <div className="space-y-6">
      <BackLink href="/admin/payouts">Payouts</BackLink>
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Payout batch ({batch.currency})</h1>
        <p className="text-stone-700">
          Made <When date={batch.createdAt} />; {batchStatusWords[batch.status]}.
          {batch.awaitingApproval ? " Marking it sent waits for a second administrator's approval." : ""}
        </p>
      </header>
      <BatchActions
        batchId={batch.batchId}
        fileKind={batch.currency === "EUR" ? "a SEPA transfer file" : "a spreadsheet (CSV)"}
        canExport={inFile.length > 0 && batch.status !== "withdrawn"}
        canSend={batch.status === "exported" && waiting && !batch.awaitingApproval}
        canWithdraw={
          (batch.status === "draft" || batch.status === "exported") && waiting && !batch.awaitingApproval
        }
      />
      <CardTable
        caption="Payouts in this batch"
        columns={[{ label: "To" }, { label: "Amount", align: "right" }, { label: "State" }]}
      >
        {batch.items.map((item) => {
          const more = detail(item);
          return (
            <CardRow key={item.itemId}>
              <CardCell label="To">{item.partyName}</CardCell>
              <CardCell label="Amount" align="right" className="tabular-nums">
                {formatMoney(item.amount)}
              </CardCell>
              <CardCell label="State">
                {itemStateWords[item.state]}
                {more ? <span className="block text-xs text-stone-600">{more}</span> : null}
              </CardCell>
            </CardRow>
          );
        })}
      </CardTable>
      <BankAnswerUpload />
    </div>
  );
}
