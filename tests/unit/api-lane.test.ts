import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { apiLaneLeftToNext, apiLaneRoutes, matchApiLane, serveApiLane } from "../../scripts/api-lane";

const root = path.resolve(import.meta.dirname, "../..");
const methods = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

/** Every app/api/v1 route file, by its route path (`/api/v1/payment-requests/[id]`). */
function routeFiles(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        found.set(`/${path.relative(path.join(root, "app"), dir).split(path.sep).join("/")}`, full);
      }
    }
  };
  visit(path.join(root, "app/api/v1"));
  return found;
}

describe("the API lane's route table", () => {
  it("names every app/api/v1 route file once: served by the lane or deliberately left to Next", () => {
    const files = [...routeFiles().keys()].sort();
    const listed = [...Object.keys(apiLaneRoutes), ...apiLaneLeftToNext].sort();
    expect(listed).toEqual(files);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("serves exactly the methods each route file exports, with the very functions it exports", async () => {
    const files = routeFiles();
    for (const [route, table] of Object.entries(apiLaneRoutes)) {
      const module = (await import(files.get(route) as string)) as Record<string, unknown>;
      // Anything else a route module exports (segment config such as `dynamic`) changes how Next serves it,
      // which the lane does not copy: such a route must be reviewed before it is listed.
      expect(Object.keys(module).sort(), route).toEqual(Object.keys(table).sort());
      for (const [method, handler] of Object.entries(table)) {
        expect(methods, route).toContain(method);
        expect(handler, `${method} ${route}`).toBe(module[method]);
      }
    }
  });
});

describe("matchApiLane", () => {
  it("matches a route's path and method, with its params", () => {
    expect(matchApiLane("POST", "/api/v1/coupons/verify")?.handler).toBe(
      apiLaneRoutes["/api/v1/coupons/verify"]?.POST,
    );
    const match = matchApiLane("POST", "/api/v1/transfers/tr_01ABC-x_y/accept");
    expect(match?.handler).toBe(apiLaneRoutes["/api/v1/transfers/[id]/accept"]?.POST);
    expect(match?.params).toEqual({ id: "tr_01ABC-x_y" });
    expect(matchApiLane("GET", "/api/v1/openapi.json")?.handler).toBe(
      apiLaneRoutes["/api/v1/openapi.json"]?.GET,
    );
  });

  it("leaves to Next every other method, path and path shape", () => {
    for (const [method, url] of [
      ["GET", "/api/v1/coupons/verify"], // 405 with Allow, Next's
      ["HEAD", "/api/v1/shop"],
      ["OPTIONS", "/api/v1/shop"],
      ["GET", "/api/v1/nothing-here"], // the catch-all JSON 404
      ["GET", "/api/v1/shop/"], // trailing slash: Next redirects
      ["GET", "/api/v1//shop"],
      ["GET", "/api/v1/sh%6Fp"],
      ["GET", "/api/v1/payment-requests/a%20b"],
      ["GET", "/api/v1/payment-requests/.."],
      ["GET", "/api/v1/payment-requests/."],
      ["GET", "/api/v1/openapiXjson"],
      ["GET", "/api/health"],
    ] as const) {
      expect(matchApiLane(method, url), `${method} ${url}`).toBeNull();
    }
  });
});

describe("serveApiLane on a node:http server", () => {
  const withServer = async (work: (origin: string) => Promise<void>) => {
    const server = http.createServer((request, response) => {
      if (!serveApiLane(request, response)) response.writeHead(599).end("left to Next");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address() as AddressInfo;
    try {
      await work(`http://127.0.0.1:${address.port}`);
    } finally {
      server.close();
    }
  };

  it("answers with the handler's response, Next's headers and a Content-Length; leaves the rest alone", async () => {
    await withServer(async (origin) => {
      const response = await fetch(`${origin}/api/v1/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("vary")).toBe(
        "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch",
      );
      const body = await response.text();
      expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(body));
      expect(JSON.parse(body)).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
      expect((await fetch(`${origin}/api/v1/elsewhere`)).status).toBe(599);
      expect((await fetch(`${origin}/api/health`)).status).toBe(599);
    });
  });

  it("answers a throw past the handler with a 500 JSON error, without its stack", async () => {
    const configured = process.env.SCRIP_ORIGIN;
    process.env.SCRIP_ORIGIN = "not an origin"; // the OpenAPI route's getRelyingParty() throws on it
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await withServer(async (origin) => {
        const response = await fetch(`${origin}/api/v1/openapi.json`);
        expect(response.status).toBe(500);
        expect(response.headers.get("x-frame-options")).toBe("DENY");
        const body = await response.text();
        expect(JSON.parse(body)).toEqual({
          error: { code: "INTERNAL", message: "Something went wrong on our side." },
        });
        expect(body).not.toContain("at ");
        expect(logged).toHaveBeenCalled();
      });
    } finally {
      logged.mockRestore();
      if (configured === undefined) delete process.env.SCRIP_ORIGIN;
      else process.env.SCRIP_ORIGIN = configured;
    }
  });
});
