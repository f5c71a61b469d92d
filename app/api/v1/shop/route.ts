import { apiOperations } from "@/lib/api/api-operations";
import { apiRoute } from "@/lib/api/api-route";
import { getApiKeyShop } from "@/lib/api-keys/get-api-key-shop";

/** GET: the shop this API key acts for, and the key's scopes (needs `shop.read`, which every scope carries). */
export const GET = apiRoute(apiOperations.getShop, ({ db, actor }) => getApiKeyShop(db, { actor }));
