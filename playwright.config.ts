import { defineConfig } from "@playwright/test";

/** The e2e app listens here; the newcomer test picks its own free port. */
const port = Number(process.env.E2E_PORT ?? 3217);
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Chromium's background networking reaches for Google's hosts, which this closed network refuses. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // Exactly the README's start path, on a throw-away embedded database, reusing the production build.
    command: "node --import tsx scripts/start.ts",
    url: `http://localhost:${port}/api/health`,
    env: {
      PORT: String(port),
      HOST: "localhost",
      SCRIP_EPHEMERAL: "1",
      SCRIP_ORIGIN: `http://localhost:${port}`,
      // The example external shop (e2e/api) receives webhooks on localhost; private networks stay refused.
      SCRIP_WEBHOOK_ALLOW_ADDRESSES: "loopback",
      // The demo default is EUR alone; the wallet specs also request yen (a currency without minor units).
      SCRIP_CURRENCIES: "EUR,JPY",
      // One admin may settle at most 10.00 EUR alone, so e2e/admin/charging.spec.ts exercises dual control.
      SCRIP_DUAL_CONTROL_MINOR: "1000",
      // Warnings and errors only: a JSON line per request would bury the test report (e2e/ops/instruments.spec.ts
      // starts a server of its own at the default level and reads its lines).
      SCRIP_LOG_LEVEL: process.env.SCRIP_LOG_LEVEL ?? "warn",
    },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
