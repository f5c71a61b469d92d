import { describe, expect, it } from "vitest";
import { isCurrentSection } from "./is-current-section";

describe("isCurrentSection", () => {
  it("marks the home link only on the home page, and a section on itself and the pages below it", () => {
    expect(isCurrentSection("/admin", "/admin", "/admin")).toBe(true);
    expect(isCurrentSection("/admin/parties", "/admin", "/admin")).toBe(false);
    expect(isCurrentSection("/admin/parties/pty_x", "/admin/parties", "/admin")).toBe(true);
    expect(isCurrentSection("/merchant/cafe/orders", "/merchant/cafe/orders", "/merchant/cafe")).toBe(true);
  });

  it("does not mark a section whose path merely starts the same", () => {
    expect(isCurrentSection("/merchant/cafe/ordersx", "/merchant/cafe/orders", "/merchant/cafe")).toBe(false);
    expect(isCurrentSection("/admin/keys-old", "/admin/keys", "/admin")).toBe(false);
  });
});
