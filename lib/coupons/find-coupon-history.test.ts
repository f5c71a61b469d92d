import { describe, expect, it } from "vitest";
import { eventOfProblem } from "./find-coupon-history";

describe("eventOfProblem", () => {
  it("ties each problem verifyCouponHistory reports to its event, or to the coupon as a whole", () => {
    expect(eventOfProblem("event 3: hash mismatch")).toBe(3);
    expect(eventOfProblem("event 12 (accepted): the owner attestation does not verify")).toBe(12);
    expect(eventOfProblem("the first owner attestation does not verify")).toBe(1);
    expect(eventOfProblem("the requester's passkey authorization of the issue does not verify")).toBe(1);
    expect(eventOfProblem("the split this coupon came from does not match its parent")).toBe(1);
    expect(eventOfProblem("the value signature does not verify")).toBeNull();
    expect(eventOfProblem("the history ends at active/x/v1 but the coupon is revoked/x/v1")).toBeNull();
  });
});
