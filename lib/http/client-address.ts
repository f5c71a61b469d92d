import { BlockList, isIP } from "node:net";

/**
 * The one request header that carries the client's address inside Scrip. scripts/server.ts deletes any copy a
 * client sends and writes it from the socket and the trusted proxies; lib/auth/request-meta.ts reads only it.
 */
export const clientAddressHeader = "x-scrip-client-address";

/** The proxies in front of Scrip whose X-Forwarded-For entries are believed. */
export interface TrustedProxies {
  has: (address: string) => boolean;
}

/**
 * An address as written in X-Forwarded-For or by the socket, without brackets, port or zone, IPv4-mapped IPv6
 * as plain IPv4; null when it is not an IP address.
 */
export function normaliseAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%[0-9A-Za-z._~-]+$/, "");
  const version = isIP(value);
  if (version === 0) return null;
  if (version === 6) {
    const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
    if (mapped?.[1] && isIP(mapped[1]) === 4) return mapped[1];
    // One spelling per address ("0:0:0:0:0:0:0:1" is "::1"), so one client has one rate-limit key.
    return new URL(`http://[${value}]/`).hostname.slice(1, -1);
  }
  return value;
}

/**
 * Parses SCRIP_TRUSTED_PROXIES: addresses and CIDRs (IPv4 or IPv6) separated by commas or spaces. Throws, naming
 * the entry, on anything else: a typo here would silently trust the wrong hop.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const entry of (value ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [base = "", prefix, ...rest] = entry.split("/");
    const address = normaliseAddress(base);
    const version = address ? isIP(address) : 0;
    const bits = prefix === undefined ? (version === 4 ? 32 : 128) : Number(prefix);
    const bitsMax = version === 4 ? 32 : 128;
    if (!address || rest.length > 0 || !/^\d{0,3}$/.test(prefix ?? "") || !(bits >= 0 && bits <= bitsMax)) {
      throw new Error(`SCRIP_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR.`);
    }
    list.addSubnet(address, bits, version === 4 ? "ipv4" : "ipv6");
  }
  return {
    has: (address) => {
      const normal = normaliseAddress(address);
      if (!normal) return false;
      return list.check(normal, isIP(normal) === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then, walking X-Forwarded-For
 * from the right, the first hop that is not a trusted proxy (each trusted proxy vouches only for the hop it
 * appended). A hop that is not an address ends the walk at the hop to its right. Null without a socket address.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string | null {
  let client = socketAddress ? normaliseAddress(socketAddress) : null;
  if (!client) return null;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops = header.split(",").map((hop) => hop.trim());
  while (trusted.has(client)) {
    const hop = hops.pop();
    if (hop === undefined) break;
    const address = normaliseAddress(hop);
    if (!address) break;
    client = address;
  }
  return client;
}
