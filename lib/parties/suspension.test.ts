import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { refuseIfSuspended, type SuspensionFreeze, suspensionFreezes } from "./suspension";

describe("suspension freezes", () => {
  const freezes = Object.keys(suspensionFreezes) as SuspensionFreeze[];

  it("refuses every freeze for a suspended or missing party with ACCOUNT_SUSPENDED (403) and its own words", () => {
    for (const freeze of freezes) {
      for (const status of ["suspended", null, undefined, "unknown"]) {
        let caught: unknown;
        try {
          refuseIfSuspended(status, freeze);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(AppError);
        expect((caught as AppError).code).toBe("ACCOUNT_SUSPENDED");
        expect((caught as AppError).status).toBe(403);
        expect((caught as AppError).message).toBe(suspensionFreezes[freeze]);
      }
    }
  });

  it("lets an active party through every freeze", () => {
    for (const freeze of freezes) expect(() => refuseIfSuspended("active", freeze)).not.toThrow();
  });
});
