import "server-only";
import QRCode from "qrcode";
import { errorResponse } from "@/lib/auth/action-result";
import { authenticate } from "@/lib/auth/authed-action";
import { getRequestContext } from "@/lib/auth/request-context";
import { formatDate } from "@/lib/dates/format-date";
import { publicOrigin } from "@/lib/email/mail-transport";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money/money";
import { codesPerSheet, type RevealedCodes, revealCampaignCodes } from "./reveal-campaign-codes";

const encoder = new TextEncoder();
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** A stream of `parts` pulled one batch at a time: a million rows are never held in memory at once. */
function streamOf(parts: AsyncGenerator<string> | Generator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await parts.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

/** The CSV of links: number, link, value, expiry; a thousand lines per chunk. */
function* csvOf(revealed: RevealedCodes, origin: string): Generator<string> {
  const { campaign } = revealed;
  const value = formatMoney({ amountMinor: campaign.amountMinor, currency: campaign.currency });
  const expires = formatDate(campaign.couponExpiresAt);
  yield "number,link,value,expires\n";
  let lines: string[] = [];
  for (const { index, code } of revealed.codes()) {
    lines.push(`${index + 1},${origin}/claim/${code},"${value}",${expires}\n`);
    if (lines.length === 1_000) {
      yield lines.join("");
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join("");
}

/** A printable sheet of QR codes (3 × 8 per A4 page) for codes [from, from + codesPerSheet). */
async function* sheetOf(revealed: RevealedCodes, origin: string, from: number): AsyncGenerator<string> {
  const { campaign } = revealed;
  const value = formatMoney({ amountMinor: campaign.amountMinor, currency: campaign.currency });
  const expires = formatDate(campaign.couponExpiresAt);
  const to = Math.min(from + codesPerSheet, campaign.issuedCount);
  yield `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(campaign.name)}: claim codes ${from + 1} to ${to}</title>
<style>
@page { size: A4; margin: 10mm; }
body { font-family: system-ui, sans-serif; margin: 0; color: #1c1917; }
header { padding: 8px; }
.page { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2mm; page-break-after: always; break-after: page; }
.card { border: 1px dashed #a8a29e; padding: 2mm; text-align: center; font-size: 9pt; height: 32mm; display: flex; align-items: center; gap: 2mm; }
.card img { width: 28mm; height: 28mm; }
.card p { margin: 0; text-align: left; }
@media screen { .page { max-width: 190mm; margin: 0 auto 8mm; } }
@media print { header { display: none; } }
</style></head><body><header><h1>${escapeHtml(campaign.name)}</h1>
<p>Claim codes ${(from + 1).toLocaleString("en")} to ${to.toLocaleString("en")} of ${campaign.issuedCount.toLocaleString("en")}. Each code gives its coupon to the first person who claims it: keep this sheet safe. Print it with your browser's Print command.</p></header>\n`;
  let cards: string[] = [];
  for (const { index, code } of revealed.codes(from, to)) {
    const link = `${origin}/claim/${code}`;
    const svg = await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    const image = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
    cards.push(
      `<div class="card"><img src="${image}" alt="QR code for claim code ${index + 1}"><p><strong>${escapeHtml(value)}</strong><br>Valid until ${expires}<br>No. ${index + 1}</p></div>`,
    );
    if (cards.length === 24) {
      yield `<section class="page">${cards.join("")}</section>\n`;
      cards = [];
    }
  }
  if (cards.length > 0) yield `<section class="page">${cards.join("")}</section>\n`;
  yield "</body></html>\n";
}

/**
 * POST handler for a campaign's claim codes, as a form the browser submits after the passkey: `authorization`
 * (the assertion as JSON), `format` (csv | sheet) and, for a sheet, `from` (its first index). The codes are
 * revealed by revealCampaignCodes (sponsor's owner or admin, passkey, audited) and streamed.
 */
export async function campaignCodesPost(request: Request, campaignId: string): Promise<Response> {
  try {
    const context = await getRequestContext();
    const session = await authenticate(context);
    const form = await request.formData();
    const format = form.get("format") === "sheet" ? "sheet" : "csv";
    const from = Number(form.get("from") ?? 0);
    if (!Number.isSafeInteger(from) || from < 0) throw new AppError("VALIDATION_FAILED", "Choose a sheet.");
    let authorization: unknown;
    try {
      authorization = JSON.parse(String(form.get("authorization") ?? ""));
    } catch {
      throw new AppError("VALIDATION_FAILED", "Confirm with your passkey first.");
    }
    const revealed = await revealCampaignCodes(context.db, session.actor, {
      campaignId,
      authorization,
      ip: context.meta.ip,
      range: format === "sheet" ? { from, to: from + codesPerSheet } : undefined,
    });
    const origin = publicOrigin();
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    if (format === "csv") {
      return new Response(streamOf(csvOf(revealed, origin)), {
        headers: {
          ...headers,
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="claim-links.csv"',
        },
      });
    }
    return new Response(streamOf(sheetOf(revealed, origin, from)), {
      headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
