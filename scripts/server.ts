/**
 * Scrip's HTTP server: the production build of the Next.js app behind Node's own `http` server, started by
 * `npm start` (scripts/start.ts) in place of `next start`.
 *
 * Why not `next start`: Next only fills `X-Forwarded-For` from the socket when the client did not send one, so
 * behind no proxy a client that sends the header chooses its own address and escapes every per-address limit.
 * Here the client address is computed once, from the socket and — only through the proxies listed in
 * SCRIP_TRUSTED_PROXIES — the X-Forwarded-For chain (right-most untrusted hop), and written to one header of
 * ours after deleting any copy the client sent. lib/auth/request-meta.ts reads only that header.
 *
 * It also sends HSTS on every response when SCRIP_ORIGIN is https.
 *
 * Environment: PORT, HOST, SCRIP_TRUSTED_PROXIES, SCRIP_ORIGIN. SIGTERM and SIGINT close the server and exit 0.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { strictTransportSecurity } from "../lib/auth/security-headers";
import { clientAddress, clientAddressHeader, parseTrustedProxies } from "../lib/http/client-address";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

async function main(): Promise<void> {
  const trusted = parseTrustedProxies(process.env.SCRIP_TRUSTED_PROXIES);
  const hsts = strictTransportSecurity(process.env.SCRIP_ORIGIN);
  const app = next({ dev: false, dir: root, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => {
    delete request.headers[clientAddressHeader];
    const address = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trusted);
    if (address) request.headers[clientAddressHeader] = address;
    // Only a trusted proxy says which host and scheme the browser used (Next.js compares X-Forwarded-Host with
    // a server action's Origin); from anyone else Next.js fills them in from the request itself.
    if (!request.socket.remoteAddress || !trusted.has(request.socket.remoteAddress)) {
      delete request.headers["x-forwarded-host"];
      delete request.headers["x-forwarded-proto"];
      delete request.headers["x-forwarded-port"];
    }
    if (hsts) response.setHeader("Strict-Transport-Security", hsts);
    handle(request, response).catch((error: unknown) => {
      console.error("Request failed:", error);
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
      response.end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Requests still running get a moment to finish; then the remaining connections are cut.
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`The web server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
