import { describe, expect, it } from "vitest";
import { appErrorOf } from "@/tests/support/app-error-of";
import { refuseIfSuspended, type SuspensionFreeze, suspensionFreezes } from "./suspension";

describe("suspension freezes", () => {
  const freezes = Object.keys(suspensionFreezes) as SuspensionFreeze[];

  it("refuses every freeze for a suspended or missing party with ACCOUNT_SUSPENDED (403) and its own words", () => {
    for (const freeze of freezes) {
      for (const status of ["suspended", null, undefined, "unknown"]) {
        const error = appErrorOf(() => refuseIfSuspended(status, freeze));
        expect(error.code).toBe("ACCOUNT_SUSPENDED");
        expect(error.status).toBe(403);
        expect(error.message).toBe(suspensionFreezes[freeze]);
      }
    }
  });

  it("lets an active party through every freeze", () => {
    for (const freeze of freezes) expect(() => refuseIfSuspended("active", freeze)).not.toThrow();
  });
});
