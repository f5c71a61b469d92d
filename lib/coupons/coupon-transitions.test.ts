import { describe, expect, it } from "vitest";
import { appErrorOf } from "@/tests/support/app-error-of";
import { type CouponStatus, couponStatuses } from "./coupon-statuses";
import { type CouponAction, nextCouponStatus } from "./coupon-transitions";

const allowed: Record<CouponAction, Partial<Record<CouponStatus, CouponStatus>>> = {
  offer: { active: "offered" },
  accept: { offered: "active" },
  decline: { offered: "active" },
  cancel: { offered: "active" },
  expire_transfer: { offered: "active" },
  split: { active: "split" },
  convert: { active: "converted", expired: "converted" },
  expire: { active: "expired", offered: "expired" },
  void: { active: "void" },
  revoke: { active: "revoked", offered: "revoked", expired: "revoked" },
};

describe("coupon transitions", () => {
  for (const [action, table] of Object.entries(allowed) as [CouponAction, typeof allowed.offer][]) {
    for (const status of couponStatuses) {
      const expected = table[status];
      it(`${action} from ${status}: ${expected ?? "refused"}`, () => {
        if (expected) {
          expect(nextCouponStatus(status, action)).toBe(expected);
        } else {
          expect(appErrorOf(() => nextCouponStatus(status, action)).code).toBe("COUPON_NOT_ACTIVE");
        }
      });
    }
  }
});
