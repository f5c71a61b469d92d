import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isAddressAllowed, resolveAllowedAddresses } from "./webhook-address-policy";

export interface SendOutcome {
  /** The receiver's HTTP status, or null when no response came. */
  status: number | null;
  error: string | null;
}

/** Resolves like dns.lookup, but refuses any address the webhook policy does not allow (checked per connection). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  resolveAllowedAddresses(hostname).then(
    (addresses) => {
      const first = addresses[0] as { address: string; family: number };
      if ((options as { all?: boolean }).all)
        (callback as (e: null, a: typeof addresses) => void)(null, addresses);
      else callback(null, first.address, first.family);
    },
    (error: Error) => callback(Object.assign(error, { code: "EADDRNOTALLOWED" }), "", 4),
  );
};

/**
 * POSTs one signed delivery. Redirects are not followed (a 3xx is a failure), the connection goes only to an
 * allowed address, and only 2xx counts as success. `timeoutMs` is a total deadline over the whole attempt — DNS,
 * connect, sending, and the response headers — not an idle timeout, so a receiver that trickles bytes cannot
 * hold the delivery longer. The response body is never read: the connection is closed once the status is known.
 */
export function sendWebhook(
  url: string,
  input: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (outcome: SendOutcome) => {
      if (deadline) clearTimeout(deadline);
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish({ status: null, error: "invalid URL" });
      return;
    }
    const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
    if (!client) {
      finish({ status: null, error: "unsupported protocol" });
      return;
    }
    // Node connects to an IP literal without calling `lookup`, so literals are checked here.
    const literal = target.hostname.replace(/^\[|\]$/g, "");
    if (isIP(literal) && !isAddressAllowed(literal)) {
      finish({ status: null, error: "address not allowed" });
      return;
    }
    const request = client.request(
      target,
      {
        method: "POST",
        lookup: guardedLookup,
        headers: {
          ...input.headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(input.body)),
          "user-agent": "Scrip-Webhooks/1",
        },
      },
      (response) => {
        const status = response.statusCode ?? null;
        const ok = status !== null && status >= 200 && status < 300;
        finish({ status, error: ok ? null : `HTTP ${status}` });
        // The body is not needed: closing now means a trickled body holds no socket either.
        response.destroy();
      },
    );
    deadline = setTimeout(() => request.destroy(new Error("timed out")), input.timeoutMs);
    request.on("error", (error) => finish({ status: null, error: error.message.slice(0, 300) }));
    request.end(input.body);
  });
}
