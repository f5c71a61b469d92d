import "server-only";
import { z } from "zod";
import { getAdminOverview } from "@/lib/admin/get-admin-overview";
import { listIssuanceApprovals } from "@/lib/admin/list-issuance-approvals";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { adminAction } from "@/lib/auth/admin-action";
import { findCouponHistory } from "@/lib/coupons/find-coupon-history";
import { findCoupons } from "@/lib/coupons/find-coupons";
import { listIssuerKeys } from "@/lib/keys/list-issuer-keys";
import { getPartyDetail } from "@/lib/parties/get-party-detail";
import { searchParties } from "@/lib/parties/search-parties";
import { plainText } from "@/lib/validation/text";

/*
 * The back-office pages' reads. Each is an entry point like a server action (authenticate, check the admin
 * permission, parse the search params with zod, call one lib function) but is called only by server
 * components, so it is not a "use server" module. `.run(context, input)` lets the authorisation matrix call
 * each as any kind of caller.
 */

const cursor = plainText("a cursor").max(200).optional();
const searchText = plainText("a search").max(1024).optional();

/** The counts on /admin. */
export const loadAdminOverview = adminAction("admin.read", z.object({}), ({ db, actor }) =>
  getAdminOverview(db, actor),
);

/** The approval queue on /admin/approvals. */
export const loadApprovals = adminAction("issuance.approve", z.object({ cursor }), ({ db, actor, input }) =>
  listIssuanceApprovals(db, actor, { cursor: input.cursor }),
);

/** The party search on /admin/parties. */
export const loadParties = adminAction(
  "admin.read",
  z.object({
    query: plainText("a search").max(100).optional(),
    kind: z.enum(["user", "shop"]).optional(),
    cursor,
  }),
  ({ db, actor, input }) => searchParties(db, actor, input),
);

/** One party on /admin/parties/[id]. */
export const loadParty = adminAction(
  "admin.read",
  z.object({ partyId: plainText("a party id").max(80) }),
  ({ db, actor, input }) => getPartyDetail(db, actor, input.partyId),
);

/** The coupon search on /admin/coupons. */
export const loadCoupons = adminAction(
  "admin.read",
  z.object({ by: z.enum(["id", "token", "owner", "requester"]), query: searchText, cursor }),
  ({ db, actor, input }) => findCoupons(db, actor, { ...input, query: input.query ?? "" }),
);

/** One coupon's verified history on /admin/coupons/[id]. */
export const loadCouponHistory = adminAction(
  "admin.read",
  z.object({ couponId: plainText("a coupon id").max(80) }),
  ({ db, actor, input }) => findCouponHistory(db, actor, input.couponId),
);

/** The issuer keys on /admin/keys. */
export const loadIssuerKeys = adminAction("admin.read", z.object({}), ({ db, actor }) =>
  listIssuerKeys(db, actor),
);

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are YYYY-MM-DD.")
  .refine((value) => !Number.isNaN(Date.parse(value)), "Not a date.")
  .optional();

/** The filtered audit log on /admin/audit; `to` is inclusive (the whole day). */
export const loadAuditLog = adminAction(
  "audit.read",
  z.object({
    actor: plainText("a search").max(100).optional(),
    action: plainText("a search").max(100).optional(),
    target: plainText("a search").max(100).optional(),
    from: day,
    to: day,
    cursor: plainText("a cursor").max(20).optional(),
  }),
  ({ db, actor, input }) =>
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
