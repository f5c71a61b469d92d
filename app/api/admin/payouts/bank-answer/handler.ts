import { importBankAnswer } from "@/lib/payouts/import-bank-answer";
import { adminBankFileRoute } from "@/lib/settlement/admin-bank-file-route";

/**
 * Uploads a bank's answer to a payout file (POST, the camt.054 or pain.002 file's bytes as the body, at most
 * 5 MB): admins with settlement.write only. Answers the counts the page shows.
 */
export const bankAnswerUpload = adminBankFileRoute(async (db, actor, input) => {
  const result = await importBankAnswer(db, actor, input);
  return {
    data: {
      alreadyImported: result.alreadyImported,
      sent: result.sent,
      returned: result.returned.map((line) => ({
        amountMinor: `${line.amountMinor}`,
        reasonCode: line.reasonCode,
      })),
      notOurs: result.notOurs.length,
      unchanged: result.unchanged,
    },
  };
});

/** The upload for a known request context (the authorisation matrix calls it directly). */
export const runBankAnswerUpload = bankAnswerUpload.run;
