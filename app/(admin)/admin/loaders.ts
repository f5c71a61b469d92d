import "server-only";
import { z } from "zod";
import { type DbOrTx, getDb } from "@/db/client";
import { getAdminOverview } from "@/lib/admin/get-admin-overview";
import { listIssuanceApprovals } from "@/lib/admin/list-issuance-approvals";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { type ActionResult, actionFailure } from "@/lib/auth/action-result";
import type { Actor } from "@/lib/auth/actor";
import { findCouponHistory } from "@/lib/coupons/find-coupon-history";
import { findCoupons } from "@/lib/coupons/find-coupons";
import { listIssuerKeys } from "@/lib/keys/list-issuer-keys";
import { getPartyDetail } from "@/lib/parties/get-party-detail";
import { searchParties } from "@/lib/parties/search-parties";
import { plainText } from "@/lib/validation/text";

/*
 * The back-office pages' reads from their search parameters. A page first gets its actor from pageActor (which
 * sends the signed-out to sign in and the signed-in without the admin role to the not-allowed page); these
 * parse the parameters with zod and call one lib function with that actor, which authorises again. A refusal
 * or bad input comes back as an ActionResult error the page shows, never a 500.
 */

/** A page read: `(actor, input)` → the lib function's result, or its error for the page to show. */
function pageRead<Schema extends z.ZodType, Result>(
  schema: Schema,
  read: (db: DbOrTx, actor: Actor, input: z.output<Schema>) => Promise<Result>,
) {
  return async (
    actor: Actor,
    input: z.input<Schema>,
    db: DbOrTx = getDb(),
  ): Promise<ActionResult<Result>> => {
    try {
      return { ok: true, data: await read(db, actor, schema.parse(input)) };
    } catch (error) {
      return actionFailure(error);
    }
  };
}

const cursor = plainText("a cursor").max(200).optional();
const searchText = plainText("a search").max(1024).optional();

/** The counts on /admin. */
export const loadAdminOverview = pageRead(z.object({}), (db, actor) => getAdminOverview(db, actor));

/** The approval queue on /admin/approvals. */
export const loadApprovals = pageRead(z.object({ cursor }), (db, actor, input) =>
  listIssuanceApprovals(db, actor, { cursor: input.cursor }),
);

/** The party search on /admin/parties. */
export const loadParties = pageRead(
  z.object({
    query: plainText("a search").max(100).optional(),
    kind: z.enum(["user", "shop"]).optional(),
    cursor,
  }),
  (db, actor, input) => searchParties(db, actor, input),
);

/** One party on /admin/parties/[id]. */
export const loadParty = pageRead(
  z.object({ partyId: plainText("a party id").max(80) }),
  (db, actor, input) => getPartyDetail(db, actor, input.partyId),
);

/** The coupon search on /admin/coupons. */
export const loadCoupons = pageRead(
  z.object({ by: z.enum(["id", "token", "owner", "requester"]), query: searchText, cursor }),
  (db, actor, input) => findCoupons(db, actor, { ...input, query: input.query ?? "" }),
);

/** One coupon's verified history on /admin/coupons/[id]. */
export const loadCouponHistory = pageRead(
  z.object({ couponId: plainText("a coupon id").max(80) }),
  (db, actor, input) => findCouponHistory(db, actor, input.couponId),
);

/** The issuer keys on /admin/keys. */
export const loadIssuerKeys = pageRead(z.object({}), (db, actor) => listIssuerKeys(db, actor));

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are YYYY-MM-DD.")
  .refine((value) => !Number.isNaN(Date.parse(value)), "Not a date.")
  .optional();

/** The filtered audit log on /admin/audit; `to` is inclusive (the whole day). */
export const loadAuditLog = pageRead(
  z.object({
    actor: plainText("a search").max(100).optional(),
    action: plainText("a search").max(100).optional(),
    target: plainText("a search").max(100).optional(),
    from: day,
    to: day,
    cursor: plainText("a cursor").max(20).optional(),
  }),
  (db, actor, input) =>
    listAuditEvents(db, actor, {
      filters: {
        actor: input.actor,
        action: input.action,
        target: input.target,
        from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
        to: input.to ? new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000) : undefined,
      },
      cursor: input.cursor,
    }),
);
