/**
 * The campaign benchmark's issuing worker, in its own process so its peak RSS is its own: issues coupons
 * [from, to) of one running campaign slice after slice with the fast engine (as the campaign job does), and
 * prints one JSON line: the time from the first slice to the last commit and the process's peak RSS.
 * Usage: node --conditions=react-server --import tsx bench/campaign-child.ts '<json>'
 */
import { openDatabase } from "../db/client";
import { closeSignerPool } from "../lib/campaigns/campaign-signer-pool";
import { campaignSliceSize } from "../lib/campaigns/contract";
import { issueCampaignSliceFast } from "../lib/campaigns/issue-campaign-slice-fast";

const input = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  campaignId: string;
  from: number;
  to: number;
};

async function main() {
  const database = openDatabase(input.url, { max: 4 });
  const started = performance.now();
  let issued = 0;
  for (let from = input.from; from < input.to; from += campaignSliceSize) {
    const to = Math.min(input.to, from + campaignSliceSize);
    const result = await issueCampaignSliceFast(database.db, {
      campaignId: input.campaignId,
      fromIndex: from,
      toIndex: to,
    });
    if (result.issued !== to - from) throw new Error(`slice ${from}…${to} issued ${result.issued}`);
    issued += result.issued;
  }
  const ms = performance.now() - started;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ issued, ms, maxRssMb }));
  await closeSignerPool();
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
