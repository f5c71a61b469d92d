"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useEffect, useMemo, useRef, useState } from "react";
import { passkeyErrorOf, withStepUp } from "@/components/auth/passkey-client";
import { PasskeyConfirmation } from "@/components/developers/passkey-confirmation";
import { dangerButton, primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import type { CampaignDto } from "@/lib/campaigns/campaign-dto";
import { campaignActions } from "./campaign-actions";

/** How often the page asks for the campaign's progress while it is being issued. */
const pollMs = 2_000;
const codesPerSheet = 1_000;

function durationText(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} seconds`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 3600)} hours`;
}

/**
 * A campaign's page: its progress bar following the job (polled every two seconds while it issues), its
 * status in words, Pause / Resume / Cancel, and for claim codes the CSV of links and the printable QR sheets
 * (each needs the passkey: claim codes are money).
 */
export function CampaignPanel(props: { shopId: string | null; campaign: CampaignDto; codesUrl: string }) {
  const actions = useMemo(() => campaignActions(props.shopId), [props.shopId]);
  const [campaign, setCampaign] = useState(props.campaign);
  const { busy, status, run } = useActionStatus();
  const [cancelling, setCancelling] = useState(false);
  const [sheetFrom, setSheetFrom] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const live = campaign.status === "running" || campaign.status === "queued";

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(async () => {
      const result = await actions.progress(campaign.id).catch(() => null);
      if (result?.ok) setCampaign(result.data);
    }, pollMs);
    return () => clearInterval(timer);
  }, [live, campaign.id, actions]);

  const refresh = async () => {
    const result = await actions.progress(campaign.id);
    if (result.ok) setCampaign(result.data);
  };
  const control = (what: "start" | "pause" | "resume", progress: string, done: string) =>
    run(progress, async () => {
      const result = await actions.control(campaign.id, what);
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      await refresh();
      return { kind: "success", text: done };
    });
  const cancel = () =>
    run("Confirm with your passkey…", async () => {
      const result = await withStepUp(
        () => actions.options(campaign.id, "cancel"),
        (stepUp) => actions.cancel(campaign.id, stepUp),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setCancelling(false);
      await refresh();
      return { kind: "success", text: "Cancelled. No more coupons will be issued or charged." };
    });
  const download = (format: "csv" | "sheet") =>
    run("Confirm with your passkey…", async () => {
      const begun = await actions.options(campaign.id, "codes");
      if (!begun.ok) return { kind: "error", text: errorText(begun.error) };
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON: begun.data });
      } catch (error) {
        return { kind: "error", text: passkeyErrorOf(error).message };
      }
      const form = formRef.current;
      if (!form) return null;
      (form.elements.namedItem("authorization") as HTMLInputElement).value = JSON.stringify(response);
      (form.elements.namedItem("format") as HTMLInputElement).value = format;
      (form.elements.namedItem("from") as HTMLInputElement).value = String(sheetFrom);
      form.target = format === "sheet" ? "_blank" : "";
      form.submit();
      return {
        kind: "success",
        text: format === "csv" ? "Your download of the links has started." : "The sheet opened in a new tab.",
      };
    });

  const percent = campaign.couponCount ? Math.floor((campaign.issuedCount / campaign.couponCount) * 100) : 0;
  const sheets = Math.ceil(campaign.issuedCount / codesPerSheet);
  return (
    <div className="space-y-6">
      <section
        aria-labelledby="progress"
        className="space-y-2 rounded-xl border border-stone-200 bg-white p-4"
      >
        <h2 id="progress" className="text-xl font-semibold">
          {campaign.statusWords}
        </h2>
        <div
          role="progressbar"
          aria-label="Coupons issued"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-4 w-full overflow-hidden rounded-full bg-stone-200"
        >
          <div className="h-full bg-brand-600" style={{ width: `${percent}%` }} />
        </div>
        <p data-testid="campaign-progress">
          {campaign.issuedCount.toLocaleString("en")} of {campaign.couponCount.toLocaleString("en")} coupons
          issued ({percent}%)
        </p>
        {campaign.status === "running" && campaign.perSecond ? (
          <p className="text-sm text-stone-700">
            {Math.round(campaign.perSecond).toLocaleString("en")} coupons a second
            {campaign.etaSeconds !== null ? `; done in ${durationText(campaign.etaSeconds)}` : ""}.
          </p>
        ) : null}
        {campaign.reason ? <p className="text-sm text-stone-700">{campaign.reason}</p> : null}
        <dl className="grid gap-1 text-sm sm:grid-cols-2">
          <div>
            <dt className="inline font-medium">Each coupon: </dt>
            <dd className="inline">{campaign.each}</dd>
          </div>
          <div>
            <dt className="inline font-medium">In all: </dt>
            <dd className="inline">
              {campaign.total}, charged to {campaign.sponsorName} as coupons are issued
            </dd>
          </div>
          <div>
            <dt className="inline font-medium">Valid until: </dt>
            <dd className="inline">{campaign.expires}</dd>
          </div>
          <div>
            <dt className="inline font-medium">Given as: </dt>
            <dd className="inline">
              {campaign.kind === "claim_codes" ? "claim codes" : "offers to a list of people"}
            </dd>
          </div>
        </dl>
      </section>
      <div className="flex flex-wrap gap-2">
        {campaign.status === "queued" ? (
          <button
            type="button"
            className={primaryButton}
            disabled={busy}
            onClick={() => void control("start", "Starting…", "Started.")}
          >
            Start issuing
          </button>
        ) : null}
        {campaign.status === "running" ? (
          <button
            type="button"
            className={secondaryButton}
            disabled={busy}
            onClick={() => void control("pause", "Pausing…", "Paused.")}
          >
            Pause
          </button>
        ) : null}
        {campaign.status === "paused" ? (
          <button
            type="button"
            className={primaryButton}
            disabled={busy}
            onClick={() => void control("resume", "Resuming…", "Resumed.")}
          >
            Resume
          </button>
        ) : null}
        {["awaiting_approval", "queued", "running", "paused"].includes(campaign.status) && !cancelling ? (
          <button type="button" className={dangerButton} disabled={busy} onClick={() => setCancelling(true)}>
            Cancel the campaign
          </button>
        ) : null}
      </div>
      {cancelling ? (
        <PasskeyConfirmation
          heading="Cancel this campaign?"
          busy={busy}
          confirmLabel="Cancel with passkey"
          onConfirm={() => void cancel()}
          onCancel={() => setCancelling(false)}
        >
          <p>No more coupons will be issued, and nothing more will be charged.</p>
          <p>
            The {campaign.issuedCount.toLocaleString("en")} coupons already issued are not taken back: their
            offers and claim codes keep working until they expire.
          </p>
        </PasskeyConfirmation>
      ) : null}
      {campaign.kind === "claim_codes" && campaign.issuedCount > 0 ? (
        <section aria-labelledby="codes" className="space-y-2">
          <h2 id="codes" className="text-xl font-semibold">
            Claim codes
          </h2>
          <p className="text-sm text-stone-700">
            Each code gives its coupon to whoever claims it first, so keep them safe. You confirm with your
            passkey for each download.
          </p>
          <div className="flex flex-wrap items-end gap-2">
            <button
              type="button"
              className={secondaryButton}
              disabled={busy}
              onClick={() => void download("csv")}
            >
              Download links (CSV)
            </button>
            {sheets > 1 ? (
              <label className="grid gap-1 text-sm">
                <span>Sheet</span>
                <select
                  className="min-h-11 rounded-lg border border-stone-300 px-2"
                  value={sheetFrom}
                  onChange={(event) => setSheetFrom(Number(event.target.value))}
                >
                  {Array.from({ length: sheets }, (_, sheet) => sheet * codesPerSheet).map((start) => (
                    <option key={start} value={start}>
                      Codes {(start + 1).toLocaleString("en")} to{" "}
                      {Math.min(start + codesPerSheet, campaign.issuedCount).toLocaleString("en")}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <button
              type="button"
              className={secondaryButton}
              disabled={busy}
              onClick={() => void download("sheet")}
            >
              Printable QR sheet
            </button>
          </div>
          <form ref={formRef} method="post" action={props.codesUrl} hidden>
            <input type="hidden" name="authorization" />
            <input type="hidden" name="format" />
            <input type="hidden" name="from" />
          </form>
        </section>
      ) : null}
      <StatusMessage status={status} />
    </div>
  );
}
