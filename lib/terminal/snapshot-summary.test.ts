import { describe, expect, it } from "vitest";
import { groupIncomingOffers, isSnapshot, snapshotBalances } from "./snapshot-summary";
import type { TerminalCoupon, TerminalIncomingOffer, TerminalSnapshot } from "./terminal-types";

const coupon = (id: string, amountMinor: string, currency: string, status: string): TerminalCoupon => ({
  id,
  amountMinor,
  currency,
  status,
  version: 1,
  issuedAt: "2026-11-29T04:00:00.000Z",
  expiresAt: "2027-11-29T04:00:00.000Z",
  token: `scrip1.${id}`,
  compactToken: null,
  timeline: [],
});

const offer = (transferId: string, groupId: string | null, fromName = "Alice"): TerminalIncomingOffer => ({
  transferId,
  groupId,
  fromName,
  expiresAt: "2026-11-30T04:00:00.000Z",
  token: `scrip1.${transferId}`,
  couponId: `cpn_${transferId}`,
  couponVersion: 2,
  toPartyId: "pty_me",
  fromPartyId: "pty_alice",
  parentCouponId: null,
  giverAssertion: {} as TerminalIncomingOffer["giverAssertion"],
  shopAttestation: null,
});

const snapshotOf = (
  coupons: TerminalCoupon[],
  incomingOffers: TerminalIncomingOffer[] = [],
): TerminalSnapshot => ({
  format: 1,
  partyId: "pty_me",
  asOf: "2026-11-29T04:10:00.000Z",
  coupons,
  incomingOffers,
  outgoingOffers: [],
  jwks: { keys: [] },
  truncated: false,
});

describe("the terminal's balances", () => {
  it("adds coupons ready to use and offered ones per currency, exactly, and ignores spent states", () => {
    const balances = snapshotBalances(
      snapshotOf([
        coupon("a", "1250", "EUR", "active"),
        coupon("b", "999999999999999999", "EUR", "active"),
        coupon("c", "500", "JPY", "active"),
        coupon("d", "300", "EUR", "offered"),
        coupon("e", "7000", "EUR", "split"),
        coupon("f", "7000", "USD", "converted"),
      ]),
    );
    expect(balances.map((b) => [b.currency, b.ready.amountMinor, b.offered.amountMinor])).toEqual([
      ["EUR", 1_000_000_000_000_001_249n, 300n],
      ["JPY", 500n, 0n],
    ]);
  });

  it("has no balance for an empty copy", () => {
    expect(snapshotBalances(snapshotOf([]))).toEqual([]);
  });
});

describe("the terminal's incoming offers", () => {
  const offers = [offer("t1", "g1"), offer("t2", null, "Bob"), offer("t3", "g1")];

  it("shows a gift of several coupons as one offer and single offers on their own", () => {
    expect(groupIncomingOffers(offers).map((g) => [g.key, g.fromName, g.offers.length])).toEqual([
      ["g1", "Alice", 2],
      ["t2", "Bob", 1],
    ]);
  });
});

describe("reading a stored or fetched snapshot", () => {
  it("takes a snapshot of this format, as it survives JSON", () => {
    expect(isSnapshot(JSON.parse(JSON.stringify(snapshotOf([coupon("a", "1", "EUR", "active")]))))).toBe(
      true,
    );
  });

  it("refuses an older or newer format and anything else, so it is refreshed, never misread", () => {
    const current = snapshotOf([]);
    for (const value of [
      null,
      "snapshot",
      [],
      { ...current, format: 2 },
      { ...current, format: undefined },
      { ...current, asOf: 1 },
      { ...current, coupons: {} },
      { ...current, incomingOffers: null },
      { ...current, outgoingOffers: "none" },
    ]) {
      expect(isSnapshot(value), JSON.stringify(value)).toBe(false);
    }
  });
});
