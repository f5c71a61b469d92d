"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { postFile } from "@/components/admin/payouts/post-file";
import { primaryButton } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { formatMoney } from "@/lib/money/money";
import { returnReasonWords } from "@/lib/payouts/return-reasons";
import { plural } from "@/lib/words/plural";

const maxBytes = 5 * 1024 * 1024;

interface Summary {
  alreadyImported: boolean;
  sent: number;
  returned: { amountMinor: string; reasonCode: string | null }[];
  notOurs: number;
  unchanged: number;
}

function summaryText(data: Summary): string {
  if (data.alreadyImported) return "This file was uploaded before; nothing changed.";
  const parts = [`${plural(data.sent, "payout")} sent`, `${data.returned.length} returned`];
  if (data.notOurs) parts.push(`${data.notOurs} not ours (left alone)`);
  if (data.unchanged) parts.push(`${data.unchanged} already known or still pending`);
  const reasons = data.returned.map(
    (line) =>
      `${formatMoney({ amountMinor: BigInt(line.amountMinor), currency: "EUR" })}: ${returnReasonWords(line.reasonCode)}`,
  );
  return `${parts.join(", ")}.${reasons.length ? ` Returned: ${reasons.join("; ")}.` : ""}`;
}

/** Upload of the bank's answer (camt.054 or pain.002), with what it changed. */
export function BankAnswerUpload() {
  const router = useRouter();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const { busy, status, run } = useActionStatus();
  return (
    <section
      aria-labelledby={`${inputId}-title`}
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-5"
    >
      <h2 id={`${inputId}-title`} className="text-lg font-semibold">
        Upload the bank's answer
      </h2>
      <p className="text-stone-700">
        The bank's notification (camt.054) or status report (pain.002) for a payout file, as XML, at most 5
        MB. The same file twice changes nothing.
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (!file) return;
          void run("Reading the bank's answer…", async () => {
            if (file.size > maxBytes)
              return { kind: "error", text: "This file is over 5 MB; a bank's answer is smaller." };
            const result = await postFile<Summary>("/api/admin/payouts/bank-answer", file);
            router.refresh();
            if (!result.ok) return { kind: "error", text: result.error.message };
            return { kind: "success", text: summaryText(result.data) };
          });
        }}
      >
        <label htmlFor={inputId} className="block w-full text-sm font-medium text-stone-800 sm:w-auto">
          Bank file
          <input
            id={inputId}
            type="file"
            accept=".xml,application/xml,text/xml"
            className="mt-1 block w-full max-w-full text-sm"
            disabled={busy}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className={primaryButton} disabled={busy || !file}>
          Upload
        </button>
      </form>
      <StatusMessage status={status} />
    </section>
  );
}
