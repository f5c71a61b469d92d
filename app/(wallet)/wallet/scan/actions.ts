"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { resolvePaymentCode } from "@/lib/pos/resolve-payment-code";
import { plainText } from "@/lib/validation/text";

/** The open till payment request a typed or scanned six-character code names (for this person to pay). */
export const resolvePaymentCodeAction = authedAction(
  z.object({ code: plainText("a code").min(1).max(20) }),
  async ({ db, actor, meta, input }) => resolvePaymentCode(db, actor, { code: input.code, ip: meta.ip }),
);
