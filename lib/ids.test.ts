import { describe, expect, it } from "vitest";
import { idPrefixes, isId, newId, newIds } from "./ids";

describe("newId", () => {
  it("prefixes the kind and carries 128 random bits", () => {
    const id = newId("coupon");
    expect(id).toMatch(/^cpn_[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id.slice(4), "base64url")).toHaveLength(16);
  });

  it("never repeats across many draws", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId("transfer")));
    expect(ids.size).toBe(10_000);
  });

  it("has a distinct prefix per kind", () => {
    const prefixes = Object.values(idPrefixes);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

describe("newIds", () => {
  it("draws the asked number of distinct ids of newId's shape, for odd and even counts", () => {
    for (const count of [0, 1, 2, 7, 10_000]) {
      const ids = newIds("statement", count);
      expect(ids).toHaveLength(count);
      expect(new Set(ids).size).toBe(count);
      for (const id of ids) expect(isId("statement", id)).toBe(true);
    }
  });

  it("uses every base64url character in every position (no fixed or shared part)", () => {
    const ids = newIds("statement", 4_000);
    for (let position = 4; position < 26; position++) {
      expect(new Set(ids.map((id) => id[position])).size).toBe(64);
    }
  });
});

describe("isId", () => {
  it("accepts its own kind and refuses other kinds and junk", () => {
    expect(isId("coupon", newId("coupon"))).toBe(true);
    expect(isId("coupon", newId("transfer"))).toBe(false);
    expect(isId("coupon", "cpn_short")).toBe(false);
    expect(isId("coupon", "cpn_' or 1=1 --aaaaaaaaaaaaa")).toBe(false);
    expect(isId("coupon", 42)).toBe(false);
  });
});
