"use client";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { withStepUp } from "@/components/auth/passkey-client";
import { PasskeyConfirmation } from "@/components/developers/passkey-confirmation";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import type { CampaignSummary } from "@/lib/campaigns/begin-campaign";
import { type CampaignFields, campaignActions } from "./campaign-actions";

type Draft = {
  fields: CampaignFields;
  options: PublicKeyCredentialRequestOptionsJSON;
  summary: CampaignSummary;
};

/**
 * The "New campaign" form: checked on the server first (every handle of a list, the cost, the credit), then the
 * cost and whether an admin must approve are shown before the passkey is asked.
 */
export function NewCampaignForm(props: { shopId: string | null; currency: string; basePath: string }) {
  const router = useRouter();
  const actions = campaignActions(props.shopId);
  const { busy, status, run } = useActionStatus();
  const [kind, setKind] = useState<"recipients" | "claim_codes">("claim_codes");
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<string | null>(null);

  const check = (form: FormData) =>
    run("Checking the campaign…", async () => {
      setProblems(null);
      setDraft(null);
      const file = form.get("list");
      const csv =
        kind === "recipients" && file instanceof File && file.size > 0 ? await file.text() : undefined;
      const fields: CampaignFields = {
        ...(props.shopId === null ? { sponsor: String(form.get("sponsor") ?? "") } : {}),
        name: String(form.get("name") ?? ""),
        amount: String(form.get("amount") ?? ""),
        currency: props.currency,
        expiresInDays: String(form.get("expiresInDays") ?? ""),
        kind,
        ...(kind === "claim_codes" ? { count: String(form.get("count") ?? "") } : { csv: csv ?? "" }),
      };
      const result = await actions.check(fields);
      if (!result.ok) {
        if (result.error.message.includes("\n")) {
          setProblems(result.error.message);
          return null;
        }
        return { kind: "error", text: errorText(result.error) };
      }
      setDraft({ fields, options: result.data.options, summary: result.data.summary });
      return null;
    });
  const confirm = (pending: Draft) =>
    run("Confirm with your passkey…", async () => {
      const result = await withStepUp(
        async () => ({ ok: true, data: pending.options }),
        (stepUp) => actions.create(pending.fields, pending.summary.campaignId, stepUp),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.push(`${props.basePath}/${pending.summary.campaignId}`);
      return { kind: "success", text: "Campaign created." };
    });

  return (
    <section aria-labelledby="new-campaign" className="space-y-3">
      <h2 id="new-campaign" className="text-xl font-semibold">
        New campaign
      </h2>
      <form
        className="grid grid-cols-1 gap-3 rounded-xl border border-stone-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          void check(new FormData(event.currentTarget));
        }}
      >
        {props.shopId === null ? (
          <label className="grid min-w-0 gap-1">
            <span className="font-medium">
              Sponsor (a person&apos;s handle or a shop&apos;s address name)
            </span>
            <input name="sponsor" required maxLength={40} className={textInput} autoComplete="off" />
          </label>
        ) : null}
        <label className="grid min-w-0 gap-1">
          <span className="font-medium">Name (recipients see it)</span>
          <input name="name" required maxLength={80} className={textInput} autoComplete="off" />
        </label>
        <label className="grid min-w-0 gap-1">
          <span className="font-medium">Value of each coupon ({props.currency})</span>
          <input name="amount" required inputMode="decimal" placeholder="5.00" className={textInput} />
        </label>
        <label className="grid min-w-0 gap-1">
          <span className="font-medium">Valid for (days)</span>
          <input name="expiresInDays" required inputMode="numeric" defaultValue="30" className={textInput} />
        </label>
        <fieldset className="grid gap-2">
          <legend className="font-medium">How people get the coupons</legend>
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name="kind"
              value="claim_codes"
              checked={kind === "claim_codes"}
              onChange={() => setKind("claim_codes")}
            />
            Print claim codes
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name="kind"
              value="recipients"
              checked={kind === "recipients"}
              onChange={() => setKind("recipients")}
            />
            Send to a list of people
          </label>
        </fieldset>
        {kind === "claim_codes" ? (
          <label className="grid min-w-0 gap-1">
            <span className="font-medium">How many claim codes</span>
            <input name="count" required inputMode="numeric" className={textInput} />
          </label>
        ) : (
          <label className="grid min-w-0 gap-1">
            <span className="font-medium">
              List of people (a CSV file: one handle per line, or a column headed handle)
            </span>
            <input
              name="list"
              type="file"
              required
              accept=".csv,text/csv,text/plain"
              className="max-w-full"
            />
          </label>
        )}
        <div>
          <button type="submit" className={primaryButton} disabled={busy}>
            Check the campaign
          </button>
        </div>
      </form>
      {problems ? (
        <div
          role="alert"
          className="whitespace-pre-line rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {problems}
        </div>
      ) : null}
      {draft ? (
        <PasskeyConfirmation
          heading="Create this campaign?"
          busy={busy}
          confirmLabel="Create with passkey"
          onConfirm={() => void confirm(draft)}
          onCancel={() => setDraft(null)}
        >
          <p>
            {draft.summary.count.toLocaleString("en")} {draft.summary.count === 1 ? "coupon" : "coupons"} ×{" "}
            {draft.summary.each} = {draft.summary.total}, charged to {draft.summary.sponsorName} as the
            coupons are issued.
          </p>
          <p>
            {draft.summary.needsApproval
              ? "This is above the approval limit: an administrator must approve it before any coupon is issued."
              : "Issuing starts as soon as you confirm."}
          </p>
        </PasskeyConfirmation>
      ) : null}
      <StatusMessage status={status} />
    </section>
  );
}
