import { z } from "zod";
import { getApiKeyShop } from "@/lib/api-keys/get-api-key-shop";
import { withShopApiKey } from "@/lib/auth/with-shop-api-key";

/** GET: the shop this API key acts for, and the key's scopes (scope `shop.read`). */
export const GET = withShopApiKey("shop.read", z.object({}), ({ db, actor }) => getApiKeyShop(db, { actor }));
