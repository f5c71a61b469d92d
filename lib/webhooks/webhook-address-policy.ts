import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "@/lib/errors";

/**
 * Which addresses webhooks may reach. Public addresses always; loopback only when
 * SCRIP_WEBHOOK_ALLOW_ADDRESSES is `loopback` (development, tests) and private networks too when it is
 * `private`. The check runs on the addresses a host name resolves to, at configuration and again at every
 * delivery (the connection uses the checked address), so DNS cannot point a webhook inward later.
 */
export type AddressAllowance = "public" | "loopback" | "private";

export function addressAllowance(env: Record<string, string | undefined> = process.env): AddressAllowance {
  const value = env.SCRIP_WEBHOOK_ALLOW_ADDRESSES;
  return value === "loopback" || value === "private" ? value : "public";
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

const internal = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const) {
  internal.addSubnet(net, prefix, "ipv6");
}

/** True when a webhook may connect to `address` under `allowance`. IPv4-mapped IPv6 is judged as IPv4. */
export function isAddressAllowed(address: string, allowance: AddressAllowance = addressAllowance()): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped?.[1] ?? address;
  const family = isIP(ip);
  if (family === 0) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (loopback.check(ip, type)) return allowance !== "public";
  if (internal.check(ip, type)) return allowance === "private";
  return true;
}

/** The addresses `host` resolves to, each allowed, or WEBHOOK_URL_REFUSED-style VALIDATION_FAILED. */
export async function resolveAllowedAddresses(host: string): Promise<{ address: string; family: number }[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(bare)) addresses = [{ address: bare, family: isIP(bare) }];
  else {
    try {
      addresses = await lookup(bare, { all: true, verbatim: true });
    } catch {
      throw new AppError("VALIDATION_FAILED", `The host ${bare} does not resolve.`);
    }
  }
  if (addresses.length === 0 || !addresses.every((entry) => isAddressAllowed(entry.address))) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Webhook endpoints must be public addresses; private and loopback addresses are refused.",
    );
  }
  return addresses;
}

/** Parses and checks a webhook URL: http(s), no credentials, at most 500 characters, resolving to allowed addresses. */
export async function checkWebhookUrl(raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("VALIDATION_FAILED", "The webhook URL is not a valid URL.");
  }
  if (raw.length > 500) throw new AppError("VALIDATION_FAILED", "The webhook URL is too long.");
  const insecureAllowed = addressAllowance() !== "public";
  if (url.protocol !== "https:" && !(insecureAllowed && url.protocol === "http:")) {
    throw new AppError("VALIDATION_FAILED", "Webhook URLs must use https.");
  }
  if (url.username || url.password)
    throw new AppError("VALIDATION_FAILED", "Webhook URLs cannot carry credentials.");
  await resolveAllowedAddresses(url.hostname);
  return url;
}
