import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { type APIRequestContext, expect, test } from "@playwright/test";

/**
 * The per-address limits must count the real client. These tests start their own Scrip (`npm start`'s launcher
 * on a throw-away database) so spending the sign-in budget of this machine's address does not slow the others.
 */
interface OwnScrip {
  baseUrl: string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startOwnScrip(extraEnv: Record<string, string>, publicScheme = "http"): Promise<OwnScrip> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "localhost",
      SCRIP_EPHEMERAL: "1",
      SCRIP_JOBS: "0",
      SCRIP_WEBHOOK_WORKER: "off",
      DATABASE_URL: "",
      // As behind a TLS-terminating proxy, the public origin may be https while this server speaks http.
      SCRIP_ORIGIN: `${publicScheme}://localhost:${port}`,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 150_000;
  while (!output.includes("Scrip is running at")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Scrip did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-(child.pid as number), "SIGTERM");
    await exited;
  };
  return { baseUrl, stop };
}

/** Asks for sign-in options `times` times, each with a different X-Forwarded-For; answers the statuses seen. */
async function rotateForwardedFor(
  request: APIRequestContext,
  baseUrl: string,
  times: number,
  forwardedFor: (attempt: number) => string,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < times; attempt++) {
    const response = await request.post(`${baseUrl}/api/auth/passkey/sign-in/options`, {
      data: {},
      headers: {
        "x-forwarded-for": forwardedFor(attempt),
        "x-real-ip": `198.51.100.${attempt % 250}`,
        forwarded: `for=198.51.100.${attempt % 250}`,
      },
    });
    statuses.push(response.status());
  }
  return statuses;
}

test("[security] client address: rotating X-Forwarded-For does not escape the per-address sign-in limit", async ({
  request,
}) => {
  test.setTimeout(240_000);
  const scrip = await startOwnScrip({ SCRIP_TRUSTED_PROXIES: "" });
  try {
    // The sign-in options limit is 60 a minute per address; a fresh header each time must not reset it.
    const statuses = await rotateForwardedFor(request, scrip.baseUrl, 65, (n) => `203.0.113.${n % 250}`);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429, 429, 429, 429]);
  } finally {
    await scrip.stop();
  }
});

test("[security] client address: behind a trusted proxy the right-most untrusted hop is the client", async ({
  request,
}) => {
  test.setTimeout(240_000);
  // This machine plays the TLS proxy in front of Scrip; the client claims whatever it likes on the left.
  const scrip = await startOwnScrip({ SCRIP_TRUSTED_PROXIES: "127.0.0.1, ::1, 10.0.0.0/8" }, "https");
  try {
    // Served for https: HSTS on every response, and the page policy upgrades insecure requests.
    const page = await request.get(`${scrip.baseUrl}/signin`);
    expect(page.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(page.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
    const statuses = await rotateForwardedFor(
      request,
      scrip.baseUrl,
      62,
      (n) => `192.0.2.${n % 250}, 203.0.113.7, 10.1.2.3`,
    );
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    // Another client behind the same proxy has its own budget.
    const other = await rotateForwardedFor(request, scrip.baseUrl, 1, () => "203.0.113.8, 10.1.2.3");
    expect(other).toEqual([200]);
  } finally {
    await scrip.stop();
  }
});
