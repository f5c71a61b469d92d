import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  url: string;
  method: string;
}

/** A real local HTTP server; `respond` decides each answer. Close it with `close()`. */
export async function startReceiver(
  respond: (received: Received, response: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; received: Received[]; close: () => Promise<void>; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = {
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        url: request.url ?? "/",
        method: request.method ?? "GET",
      };
      received.push(entry);
      Promise.resolve(respond(entry, response)).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Serves `handler` (a fetch-style route handler) over real HTTP, for clients that speak HTTP only. */
export async function serveFetchHandler(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const receiver = await startReceiver(async (received, response) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(received.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const answer = await handler(
      new Request(`http://127.0.0.1${received.url}`, {
        method: received.method,
        headers,
        body: received.method === "GET" ? undefined : received.body,
      }),
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  return { url: receiver.url, close: receiver.close };
}
