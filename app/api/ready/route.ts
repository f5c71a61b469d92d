import { getDb } from "@/db/client";
import journal from "@/db/migrations/meta/_journal.json";
import { checkReadiness } from "@/lib/health/check-readiness";

export const dynamic = "force-dynamic";

/**
 * GET /api/ready: the readiness probe (a load balancer's health check). 200 only when the database takes writes
 * and every migration is applied; otherwise 503 with the reason. /api/health stays the liveness probe.
 */
export async function GET() {
  const readiness = await checkReadiness(getDb, journal);
  return Response.json(
    readiness.ready ? { status: "ready" } : { status: "not_ready", reason: readiness.reason },
    { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
