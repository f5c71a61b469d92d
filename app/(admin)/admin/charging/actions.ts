"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { beginChargingRun } from "@/lib/charging/begin-charging-run";
import { runCharging } from "@/lib/charging/run-charging";

/** A period end picked as a calendar date: the run closes at 00:00 UTC of that day. */
const periodEndSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date.")
  .transform((value) => new Date(`${value}T00:00:00.000Z`))
  .refine((date) => !Number.isNaN(date.getTime()), "Pick a valid date.");

/** "now" (the server's clock when the run starts; the browser never names the time) or a date's midnight. */
const periodEndChoice = z.union([z.literal("now"), periodEndSchema]);

/** Step-up options for running charging up to the chosen period end. */
export const chargingRunOptionsAction = adminAction(
  "charging.run",
  z.object({ periodEnd: periodEndChoice }),
  async ({ db, actor, meta, input }) => ({
    options: await beginChargingRun(db, { actor, periodEnd: input.periodEnd, ip: meta.ip }),
  }),
);

/** Runs charging for the period (once: a repeated or concurrent start returns the existing run). */
export const runChargingAction = adminAction(
  "charging.run",
  z.object({ periodEnd: periodEndChoice, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const run = await runCharging(db, {
      actor,
      periodEnd: input.periodEnd,
      authorization: input.stepUp,
      trigger: "admin",
      ip: meta.ip,
    });
    return {
      runId: run.runId,
      created: run.created,
      periodStart: run.periodStart.toISOString(),
      periodEnd: run.periodEnd.toISOString(),
      invoiceCount: run.invoiceCount,
      payoutCount: run.payoutCount,
    };
  },
);
