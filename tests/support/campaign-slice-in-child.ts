/**
 * Issues one campaign slice with the fast engine in its own process, for the crash test: the test terminates this
 * process's database backend mid-transaction (see accept-in-child.ts for why a child process).
 * Usage: node --conditions=react-server --import tsx tests/support/campaign-slice-in-child.ts '<json>'
 */
import { openDatabase } from "../../db/client";
import { closeSignerPool } from "../../lib/campaigns/campaign-signer-pool";
import { issueCampaignSliceWith } from "../../lib/campaigns/issue-campaign-slice-fast";

const input = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  campaignId: string;
  fromIndex: number;
  toIndex: number;
};
const database = openDatabase(input.url, { max: 2 });
issueCampaignSliceWith(database.db, input, { prepareAhead: false }).then(
  async (result) => {
    console.log(`issued ${result.issued}`);
    await closeSignerPool();
    await database.close();
  },
  async (error: unknown) => {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(3);
  },
);
