import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { campaigns, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can, requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

export type CampaignRow = typeof campaigns.$inferSelect;

/** The party a campaign charges, with the name its recipients see. */
export interface Sponsor {
  partyId: string;
  name: string;
  shopId: string | null;
}

const sponsorRow = { party_id: column.text, name: column.text, shop_id: column.textOrNull };

/**
 * Who a campaign is for: a shop's owner sponsors for their shop (`shop.campaigns.write` on it); an admin
 * (`campaigns.manage`) names any sponsor, a person by handle or a shop by its address name.
 */
export async function resolveSponsor(
  db: DbOrTx,
  actor: Actor,
  input: { shopId?: string; sponsor?: unknown },
): Promise<Sponsor> {
  if (input.shopId !== undefined) {
    requirePermission(actor, "shop.campaigns.write", { shopId: input.shopId });
    const [shop] = await db
      .select({ partyId: shops.partyId, name: shops.name })
      .from(shops)
      .where(eq(shops.id, input.shopId));
    if (!shop) throw new AppError("NOT_FOUND", "No such shop.");
    return { partyId: shop.partyId, name: shop.name, shopId: input.shopId };
  }
  requirePermission(actor, "campaigns.manage");
  const name = typeof input.sponsor === "string" ? input.sponsor.trim().replace(/^@/, "") : "";
  if (!/^[A-Za-z0-9_-]{3,40}$/.test(name)) {
    throw new AppError("VALIDATION_FAILED", "Name the sponsor: a person's handle or a shop's address name.");
  }
  const row = await queryRow(
    db,
    sponsorRow,
    sql`select party_id, name, shop_id from (
        select u.party_id, u.display_name as name, null::text as shop_id, 1 as rank from users u
          where lower(u.handle) = lower(${name})
        union all select s.party_id, s.name, s.id, 2 from shops s where lower(s.slug) = lower(${name})
      ) found order by rank limit 1`,
  );
  if (!row) throw new AppError("NOT_FOUND", `There is no person or shop called ${name}.`);
  return { partyId: row.party_id, name: row.name, shopId: row.shop_id };
}

/** True when `actor` may see and run campaigns of the shop `shopId` (its owner), or any campaign (an admin). */
async function mayManage(db: DbOrTx, actor: Actor, sponsorPartyId: string): Promise<boolean> {
  if (can(actor, "campaigns.manage")) return true;
  const [shop] = await db.select({ id: shops.id }).from(shops).where(eq(shops.partyId, sponsorPartyId));
  return shop !== undefined && can(actor, "shop.campaigns.write", { shopId: shop.id });
}

/**
 * Reads a campaign the actor may manage (its shop's owner, or an admin), locking its row when `tx` is a
 * transaction and `lock` is set. Another shop's campaign is not found, so its existence is not revealed.
 */
export async function readManagedCampaign(
  db: DbOrTx | Tx,
  actor: Actor,
  campaignId: unknown,
  options: { lock?: boolean } = {},
): Promise<CampaignRow> {
  const notFound = () => new AppError("NOT_FOUND", "No such campaign.");
  if (!isId("campaign", campaignId)) throw notFound();
  const query = db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row || !(await mayManage(db, actor, row.sponsorPartyId))) throw notFound();
  return row;
}
