/**
 * Test only (e2e/api/api-lane.spec.ts): on DATABASE_URL, a shop with an API key (scopes read and payments) and one issued
 * coupon's token, printed as JSON. Run as `node --conditions=react-server --import tsx`, with the app's secrets.
 */

import { eq } from "drizzle-orm";
import { createBenchUsers, issueBenchCoupon } from "../../bench/owner-change";
import { openDatabase } from "../../db/client";
import { coupons } from "../../db/schema";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { systemActor } from "../../lib/auth/actor";
import { couponTokenOf } from "../../lib/coupons/get-coupon-token";
import { createTestShop } from "../../tests/support/auth-sessions";

// More than one connection: issuance counts its rate limit outside the transaction it runs in.
const database = openDatabase(process.env.DATABASE_URL as string, { max: 4 });
try {
  const [owner] = await createBenchUsers(database.db, 1);
  if (!owner) throw new Error("no user");
  const couponId = await issueBenchCoupon(database.db, owner, "EUR");
  const [coupon] = await database.db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!coupon) throw new Error("no coupon");
  const shop = await createTestShop(database.db);
  const { key } = await createApiKey(database.db, systemActor("api lane test"), {
    shopId: shop.shopId,
    name: "api lane test",
    scopes: ["read", "payments"],
  });
  process.stdout.write(`${JSON.stringify({ key, token: couponTokenOf(coupon) })}\n`);
} finally {
  await database.close();
}
