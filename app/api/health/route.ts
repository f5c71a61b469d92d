import { getDb } from "@/db/client";
import { checkDatabase } from "@/lib/health/check-database";

export const dynamic = "force-dynamic";

/** GET /api/health: 200 when the database answers a query, 503 otherwise. */
export async function GET() {
  const health = await checkDatabase(getDb);
  const ok = health.database === "up";
  return Response.json(ok ? { status: "ok", ...health } : { status: "unavailable", database: "down" }, {
    status: ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
