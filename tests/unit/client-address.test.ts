import { describe, expect, it } from "vitest";
import {
  clientAddress,
  clientAddressHeader,
  normaliseAddress,
  parseTrustedProxies,
} from "@/lib/http/client-address";
import { requestMetaFromHeaders } from "@/lib/http/request-meta";

const none = parseTrustedProxies(undefined);
const loopbackProxy = parseTrustedProxies("127.0.0.1, ::1");
const privateProxies = parseTrustedProxies("10.0.0.0/8,192.168.0.0/16 , fd00::/8, ::1");

describe("clientAddress", () => {
  it("without trusted proxies is the socket's address, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.9", none)).toBe("127.0.0.1");
    expect(clientAddress("198.51.100.4", "1.1.1.1, 2.2.2.2", none)).toBe("198.51.100.4");
    expect(clientAddress("::ffff:198.51.100.4", undefined, none)).toBe("198.51.100.4");
    expect(clientAddress("2001:db8::1", ["9.9.9.9"], none)).toBe("2001:db8::1");
  });

  it("behind a trusted proxy is the right-most hop that is not a trusted proxy", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.9", loopbackProxy)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.9", loopbackProxy)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.9, 192.168.1.1, 10.9.9.9", privateProxies)).toBe(
      "203.0.113.9",
    );
    // Several headers count as one list, in order.
    expect(clientAddress("10.0.0.2", ["6.6.6.6, 203.0.113.9", "10.1.1.1"], privateProxies)).toBe(
      "203.0.113.9",
    );
  });

  it("does not trust the header when the socket is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.50", "10.0.0.1", privateProxies)).toBe("203.0.113.50");
  });

  it("handles IPv6, IPv4-mapped IPv6, ports and brackets", () => {
    expect(clientAddress("::1", "2001:db8::7", loopbackProxy)).toBe("2001:db8::7");
    expect(clientAddress("::ffff:127.0.0.1", "::ffff:203.0.113.9", loopbackProxy)).toBe("203.0.113.9");
    expect(clientAddress("::1", "[2001:db8::7]:4711", loopbackProxy)).toBe("2001:db8::7");
    expect(clientAddress("::1", "203.0.113.9:4711", loopbackProxy)).toBe("203.0.113.9");
    expect(clientAddress("fd00::3", "2001:db8::9, fd12::1", privateProxies)).toBe("2001:db8::9");
  });

  it("stops at a hop that is not an address: the hop to its right is the client", () => {
    expect(clientAddress("127.0.0.1", "evil, 203.0.113.9", loopbackProxy)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "203.0.113.9, unknown", loopbackProxy)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "", loopbackProxy)).toBe("127.0.0.1");
  });

  it("is the left-most hop when every hop is a trusted proxy", () => {
    expect(clientAddress("10.0.0.2", "10.3.3.3, 10.1.1.1", privateProxies)).toBe("10.3.3.3");
  });

  it("is null without a socket address", () => {
    expect(clientAddress(undefined, "203.0.113.9", loopbackProxy)).toBeNull();
  });
});

describe("parseTrustedProxies", () => {
  it("refuses entries that are not addresses or CIDRs, naming them", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies("proxy.example")).toThrow(/proxy\.example/);
    expect(() => parseTrustedProxies("::/129")).toThrow();
  });

  it("accepts an empty list", () => {
    expect(clientAddress("127.0.0.1", "1.2.3.4", parseTrustedProxies(" , "))).toBe("127.0.0.1");
  });
});

describe("normaliseAddress", () => {
  it("writes each address one way", () => {
    expect(normaliseAddress("0:0:0:0:0:0:0:1")).toBe("::1");
    expect(normaliseAddress("2001:DB8:0:0:0:0:0:7")).toBe("2001:db8::7");
    expect(normaliseAddress("::FFFF:203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normaliseAddress("not-an-address")).toBeNull();
  });
});

describe("requestMetaFromHeaders", () => {
  it("reads only the address Scrip's server wrote, never X-Forwarded-For or X-Real-IP", () => {
    const spoofed = new Headers({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10" });
    expect(requestMetaFromHeaders(spoofed).ip).toBeNull();
    const served = new Headers({ [clientAddressHeader]: "198.51.100.4", "x-forwarded-for": "203.0.113.9" });
    expect(requestMetaFromHeaders(served).ip).toBe("198.51.100.4");
  });
});
