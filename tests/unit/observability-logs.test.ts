import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, toErrorBody } from "../../lib/errors";
import { createLogger, scrubSecrets } from "../../lib/observability/logger";
import { getMetrics } from "../../lib/observability/metrics";
import { observeRequest, requestOutcome } from "../../lib/observability/observe-request";
import { routeMatcher } from "../../lib/observability/route-pattern";
import {
  newWorkContext,
  noteActor,
  noteOperation,
  noteOwnerChanges,
} from "../../lib/observability/work-context";
import { requestIdFrom } from "../../lib/observability/work-storage";

/** A logger writing into an array of parsed lines, with the raw text kept to search for leaks. */
function capturedLogger() {
  const raw: string[] = [];
  const logger = createLogger({ level: "info" }, { write: (line: string) => void raw.push(line) });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const secrets = {
  apiKey: "scrip_sk_Zq3xVb7mN1pL0kJ8hG6fD4sA2wE9rT5yU3iO1pQ",
  bearer: "Bearer abc.def.ghiSECRETTOKEN",
  cookie: "__Host-scrip.session=ses_0123456789abcdefSECRET",
  assertionSignature: "MEUCIQDsignatureSECRETvalue",
  clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiU0VDUkVUIn0",
  token: "tok_SECRETclaimTOKEN123456",
  iban: "DE89370400440532013000",
  ibanSpaced: "GB29 NWBK 6016 1331 9268 19",
};

describe("[logs] redaction", () => {
  it("keeps assertions, tokens, API keys, cookies and IBANs out of every line", () => {
    const { logger, raw } = capturedLogger();
    logger.info(
      {
        req: { headers: { authorization: `Bearer ${secrets.apiKey}`, cookie: secrets.cookie } },
        authorization: secrets.bearer,
        body: {
          assertion: {
            response: { signature: secrets.assertionSignature, clientDataJSON: secrets.clientDataJSON },
          },
          token: secrets.token,
          iban: secrets.iban,
          apiKey: secrets.apiKey,
        },
        note: `payout to ${secrets.ibanSpaced} requested`,
      },
      `paying ${secrets.iban} with ${secrets.apiKey}`,
    );
    logger.error(
      { err: new Error(`invalid account ${secrets.iban} for key ${secrets.apiKey} (${secrets.bearer})`) },
      "payout failed",
    );
    logger.warn(`cookie header was ${secrets.cookie}`);
    const text = raw.join("");
    for (const [name, value] of Object.entries(secrets)) {
      expect(text, `${name} leaked`).not.toContain(value);
    }
    expect(text).not.toContain("SECRET");
    expect(text).toContain("[REDACTED]");
    expect(text).toContain("[IBAN]");
    // Every line is still JSON with its message.
    expect(raw.map((line) => JSON.parse(line).msg)).toEqual([
      "paying [IBAN] with scrip_sk_[REDACTED]",
      "payout failed",
      "cookie header was __Host-scrip.session=[REDACTED]",
    ]);
  });

  it("scrubs IBANs and keys inside free text but leaves ordinary ids and amounts alone", () => {
    expect(scrubSecrets(`to ${secrets.iban}.`)).toBe("to [IBAN].");
    expect(scrubSecrets("coupon cpn_01HXYZ worth 1250 EUR, transfer trf_abc")).toBe(
      "coupon cpn_01HXYZ worth 1250 EUR, transfer trf_abc",
    );
  });
});

describe("[logs] errors", () => {
  it("logs an error's type, code, message and cause (scrubbed), never [object Object]", () => {
    const { logger, lines } = capturedLogger();
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6432"), { code: "ECONNREFUSED" });
    logger.error(
      { err: new Error(`issuer key ep_1: malformed ciphertext for ${secrets.iban}`, { cause }) },
      "failed",
    );
    // Something thrown that is not an Error: a plain object with a message, and one without.
    logger.error(
      { err: { name: "PostgresError", code: "57P01", message: "terminating connection" } },
      "plain",
    );
    logger.error({ err: { reason: "gone" } }, "shapeless");
    const [first, plain, shapeless] = lines().map((line) => line.err as Record<string, unknown>);
    expect(first).toMatchObject({
      type: "Error",
      message: "issuer key ep_1: malformed ciphertext for [IBAN]",
      cause: { type: "Error", code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:6432" },
    });
    expect(String(first?.stack)).toContain("malformed ciphertext");
    expect(plain).toEqual({ type: "PostgresError", code: "57P01", message: "terminating connection" });
    expect(shapeless).toEqual({ message: '{"reason":"gone"}' });
  });
});

describe("[logs] request id and outcome", () => {
  it("keeps a plain incoming request id (HAProxy's) and replaces anything else", () => {
    expect(requestIdFrom("7F000001:C0A8_5E2B3C4D:01BB")).toBe("7F000001:C0A8_5E2B3C4D:01BB");
    for (const hostile of ["a b", "x\nlevel=error", "x".repeat(129), "<script>", ""]) {
      const id = requestIdFrom(hostile);
      expect(id).not.toBe(hostile);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("calls a request failed on 4xx or an error answered as data, error on 5xx, aborted when unfinished", () => {
    const clean = newWorkContext("r");
    const noted = { ...newWorkContext("r"), errorCode: "COUPON_EXPIRED" };
    expect(requestOutcome(200, true, clean)).toBe("ok");
    expect(requestOutcome(200, true, noted)).toBe("failed");
    expect(requestOutcome(404, true, clean)).toBe("failed");
    expect(requestOutcome(503, true, clean)).toBe("error");
    expect(requestOutcome(200, false, clean)).toBe("aborted");
  });
});

describe("[logs] one line per request, through a real HTTP server", () => {
  const { logger, lines } = capturedLogger();
  let server: http.Server;
  let origin: string;
  const route = routeMatcher({
    staticRoutes: [{ page: "/ok", regex: "^/ok(?:/)?$" }],
    dynamicRoutes: [{ page: "/t/[id]", regex: "^/t/([^/]+?)(?:/)?$" }],
  });
  beforeAll(async () => {
    server = http.createServer((request, response) =>
      observeRequest(request, response, { logger, route }, () => {
        // What handlers do deep inside a request: name the actor and operation, write owner changes, fail.
        noteActor("user:usr_test");
        noteOperation("transfer.accept");
        setTimeout(() => {
          noteOwnerChanges(["trf_a", "trf_b", "trf_a"]);
          if (request.url?.startsWith("/t/")) {
            const { status, body } = toErrorBody(new AppError("COUPON_EXPIRED", "This coupon has expired."));
            response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
          } else response.end("ok");
        }, 1);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const counterValue = async (name: string, labels: Record<string, string> = {}) => {
    // A histogram's series (`…_count`, `…_bucket`) are values of the histogram, named in `metricName`.
    const family = name.replace(/_(count|sum|bucket)$/, "");
    const metric = (await getMetrics().registry.getMetricsAsJSON()).find((m) => m.name === family);
    const values = metric?.values as
      | { value: number; labels: Record<string, string>; metricName?: string }[]
      | undefined;
    const value = values?.find(
      (v) =>
        (v.metricName ?? family) === name &&
        Object.entries(labels).every(([key, expected]) => v.labels[key] === expected),
    );
    return value?.value ?? 0;
  };

  it("logs the named fields, echoes the request id, and counts owner changes only when the request succeeded", async () => {
    const ownerChangesBefore = await counterValue("scrip_owner_changes_total");
    const expiredBefore = await counterValue("scrip_failures_total", { code: "COUPON_EXPIRED" });
    const ok = await fetch(`${origin}/ok?secret=1`, { headers: { "X-Request-Id": "haproxy-123" } });
    expect(ok.headers.get("x-request-id")).toBe("haproxy-123");
    await ok.text();
    const failed = await fetch(`${origin}/t/trf_0123`);
    const generated = failed.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await failed.text();
    await expect.poll(() => lines().length).toBe(2);
    const [first, second] = lines();
    expect(first).toMatchObject({
      level: "info",
      msg: "request",
      requestId: "haproxy-123",
      method: "GET",
      route: "/ok",
      status: 200,
      outcome: "ok",
      actor: "user:usr_test",
      operation: "transfer.accept",
    });
    expect(typeof first?.durationMs).toBe("number");
    expect(typeof first?.time).toBe("string");
    expect(second).toMatchObject({
      requestId: generated,
      route: "/t/[id]",
      status: 409,
      outcome: "failed",
      errorCode: "COUPON_EXPIRED",
    });
    expect(JSON.stringify(lines())).not.toContain("trf_0123");
    // Two distinct transfers from the successful request; none from the failed one.
    expect(await counterValue("scrip_owner_changes_total")).toBe(ownerChangesBefore + 2);
    expect(await counterValue("scrip_failures_total", { code: "COUPON_EXPIRED" })).toBe(expiredBefore + 1);
    expect(
      await counterValue("scrip_http_request_duration_seconds_count", {
        route: "/t/[id]",
        method: "GET",
        status_class: "4xx",
      }),
    ).toBe(1);
  });
});
