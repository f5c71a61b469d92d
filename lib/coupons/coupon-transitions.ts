import { AppError } from "@/lib/errors";
import type { CouponStatus } from "./coupon-statuses";

export type CouponAction =
  | "offer"
  | "accept"
  | "decline"
  | "cancel"
  | "expire_transfer"
  | "split"
  | "convert"
  | "expire"
  | "void"
  | "revoke";

const refused = (status: CouponStatus, action: CouponAction) =>
  new AppError(
    "COUPON_NOT_ACTIVE",
    `This coupon is ${status}; it cannot be used to ${action.replace("_", " ")}.`,
  );

/** The one place that decides coupon transitions: returns the next status or throws COUPON_NOT_ACTIVE. */
export function nextCouponStatus(status: CouponStatus, action: CouponAction): CouponStatus {
  switch (action) {
    case "offer":
    case "void":
    case "split":
      if (status !== "active") throw refused(status, action);
      return action === "offer" ? "offered" : action === "void" ? "void" : "split";
    case "accept":
    case "decline":
    case "cancel":
    case "expire_transfer":
      if (status !== "offered") throw refused(status, action);
      return "active";
    case "convert":
      if (status !== "active" && status !== "expired") throw refused(status, action);
      return "converted";
    case "expire":
      if (status !== "active" && status !== "offered") throw refused(status, action);
      return "expired";
    case "revoke":
      if (status !== "active" && status !== "offered" && status !== "expired") throw refused(status, action);
      return "revoked";
    default: {
      const unreachable: never = action;
      throw new Error(`unknown coupon action ${unreachable}`);
    }
  }
}

/** Transfer states: pending → accepted | declined | cancelled | expired; only a pending transfer can move. */
export type TransferStatus = "pending" | "accepted" | "declined" | "cancelled" | "expired";

/** Throws TRANSFER_NOT_PENDING unless the transfer can still be decided. */
export function assertTransferPending(status: TransferStatus): void {
  if (status !== "pending") {
    throw new AppError("TRANSFER_NOT_PENDING", `This transfer is already ${status}.`);
  }
}
