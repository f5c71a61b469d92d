/**
 * The HTTP benchmark's baseline (bench/http-verify.ts): a bare `node:http` server that does what a verify call
 * minimally must on the same database — read the bearer API key, look it up by its SHA-256 hash with its shop
 * and party (the statement Scrip's key lookup used before the benchmark existed, last use written to the minute)
 * and verify the coupon token's signatures with `verifyCouponToken` — and answers the verdict as JSON. No
 * framework, no rate limit, no live coupon state, no schema validation of the answer.
 *
 * Environment: DATABASE_URL, PORT, HOST. Run with `node --conditions=react-server --import tsx`.
 * SIGTERM closes it.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { openDatabase } from "../db/client";
import { verifyCouponToken } from "../lib/coupons/verify-coupon-token";
import { loadIssuerKeys } from "../lib/keys/load-issuer-keys";

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? "127.0.0.1";
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");

const sql = postgres(url, { max: 10, onnotice: () => {} });
const keysDb = openDatabase(url, { max: 1 });
const keys = await loadIssuerKeys(keysDb.db);
await keysDb.close();

function answer(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  response.end(JSON.stringify(body));
}

async function verify(request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16 * 1024) return answer(response, 413, { error: "too large" });
    chunks.push(chunk);
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (!bearer) return answer(response, 401, { error: "no key" });
  const hash = createHash("sha256").update(bearer).digest("base64url");
  const [key] = await sql`
    with found as (
      select id, shop_id, scopes, last_used_at from api_keys where key_hash = ${hash} and revoked_at is null),
    touched as (
      update api_keys set last_used_at = now() from found
      where api_keys.id = found.id
        and (found.last_used_at is null or found.last_used_at < now() - '1 minute'::interval))
    select found.id, found.shop_id, found.scopes, s.party_id, p.status::text as status
    from found left join shops s on s.id = found.shop_id left join parties p on p.id = s.party_id`;
  if (!key?.party_id || key.status === "suspended") return answer(response, 401, { error: "bad key" });
  let token: unknown;
  try {
    token = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { token?: unknown }).token;
  } catch {
    return answer(response, 400, { error: "bad json" });
  }
  const verdict = verifyCouponToken(token, { keys, now: new Date() });
  return answer(response, 200, {
    data: {
      valid: verdict.status === "valid",
      signature: verdict.status,
      coupon: verdict.coupon
        ? {
            id: verdict.coupon.value.couponId,
            amountMinor: verdict.coupon.value.amountMinor.toString(),
            currency: verdict.coupon.value.currency,
          }
        : null,
    },
  });
}

const server = http.createServer((request, response) => {
  verify(request, response).catch((error: unknown) => {
    console.error("bare verify failed:", error);
    if (!response.headersSent) answer(response, 500, { error: "failed" });
    else response.end();
  });
});
server.listen(port, host, () => {
  const address = server.address();
  // The benchmark reads the port from this line.
  console.log(`listening ${typeof address === "object" && address ? address.port : port}`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});
