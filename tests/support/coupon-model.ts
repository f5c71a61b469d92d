/**
 * A small in-memory model of coupons, transfers and party balances, used by the property-based test to predict
 * the outcome ("ok" or the AppError code) of each operation exactly as the domain layer should decide it.
 */
export type Step = { natural?: boolean } & (
  | { op: "issue"; by: number; amountMinor: number }
  | { op: "offer"; by: number; coupon: number; to: number; open: boolean }
  | { op: "accept" | "decline" | "cancel" | "convert" | "void" | "revoke"; by: number; coupon: number }
  | { op: "split"; by: number; coupon: number; fraction: number }
);

export interface ModelTransfer {
  from: number;
  to: number | null;
  open: boolean;
  status: "pending" | "accepted" | "declined" | "cancelled";
  version: number;
}

export interface ModelCoupon {
  owner: number;
  requester: number;
  version: number;
  status: "active" | "offered" | "split" | "converted" | "expired" | "void" | "revoked";
  funded: boolean;
  amountMinor: number;
  lastTransfer: ModelTransfer | null;
}

export interface Model {
  coupons: ModelCoupon[];
  /** Database ids of the model's coupons, index for index. */
  dbIds: string[];
  transferIds: Map<number, { transferId: string; claimCode: string | null }>;
  /** Expected change of each party's balance (debits − credits) during the run. */
  balances: number[];
  splitParts: (coupon: ModelCoupon, fraction: number) => bigint[];
}

/** Two parts: the first takes `fraction` of the amount (at least 1); a coupon of 1 cannot be split (0 part). */
export function splitParts(coupon: ModelCoupon, fraction: number): bigint[] {
  const amount = coupon.amountMinor;
  if (amount < 2) return [1n, 0n];
  const first = Math.min(amount - 1, Math.max(1, Math.floor(amount * fraction)));
  return [BigInt(first), BigInt(amount - first)];
}

/**
 * A "natural" step is made by the party the state suggests (the recipient accepts, the owner offers), so random
 * sequences reach deep states instead of mostly refusals; other steps keep their random actor.
 */
export function resolveStep(model: Model, step: Step): Step {
  if (!step.natural || step.op === "issue" || model.coupons.length === 0) return step;
  if (step.op === "accept" || step.op === "decline" || step.op === "cancel") {
    // Decide the most recent pending offer, if there is one, as the party it concerns.
    const pendingIndex = model.coupons.findLastIndex((coupon) => coupon.lastTransfer?.status === "pending");
    const index = pendingIndex >= 0 ? pendingIndex : step.coupon % model.coupons.length;
    const coupon = model.coupons[index] as ModelCoupon;
    const transfer = coupon.lastTransfer;
    if (step.op === "cancel") return { ...step, coupon: index, by: transfer?.from ?? coupon.owner };
    const by = transfer?.to ?? ((transfer?.from ?? coupon.owner) + 1 + (step.by % 2)) % 3;
    return { ...step, coupon: index, by };
  }
  const coupon = model.coupons[step.coupon % model.coupons.length] as ModelCoupon;
  return { ...step, by: coupon.owner };
}

/** True when the step has nothing to act on yet (no coupon, or no transfer to decide). */
export function skipStep(model: Model, step: Step): boolean {
  if (step.op === "issue") return false;
  const coupon = model.coupons[step.coupon % Math.max(1, model.coupons.length)];
  if (!coupon) return true;
  return (step.op === "accept" || step.op === "decline" || step.op === "cancel") && !coupon.lastTransfer;
}

function decideTransfer(
  model: Model,
  coupon: ModelCoupon,
  step: { op: "accept" | "decline" | "cancel"; by: number },
): string {
  const transfer = coupon.lastTransfer as ModelTransfer;
  if (step.op === "cancel") {
    if (transfer.from !== step.by) return "NOT_FOUND";
  } else {
    const isRecipient = transfer.open || transfer.to === step.by;
    if (transfer.from === step.by || !isRecipient) return "NOT_RECIPIENT";
  }
  if (transfer.status !== "pending") return "TRANSFER_NOT_PENDING";
  coupon.status = "active";
  if (step.op !== "accept") {
    transfer.status = step.op === "decline" ? "declined" : "cancelled";
    return "ok";
  }
  transfer.status = "accepted";
  coupon.owner = step.by;
  coupon.version += 1;
  if (!coupon.funded) model.balances[coupon.requester]! += coupon.amountMinor;
  coupon.funded = true;
  return "ok";
}

/** Applies `step` to the model and returns the expected outcome: "ok" or the AppError code. */
export function applyToModel(model: Model, step: Step): string {
  if (step.op === "issue") {
    model.coupons.push({
      owner: step.by,
      requester: step.by,
      version: 1,
      status: "active",
      funded: false,
      amountMinor: step.amountMinor,
      lastTransfer: null,
    });
    return "ok";
  }
  const coupon = model.coupons[step.coupon % model.coupons.length] as ModelCoupon;
  switch (step.op) {
    case "accept":
    case "decline":
    case "cancel":
      return decideTransfer(model, coupon, { op: step.op, by: step.by });
    case "offer":
      if (!step.open && step.to === step.by) return "VALIDATION_FAILED";
      if (coupon.owner !== step.by) return "NOT_FOUND";
      if (coupon.status !== "active") return "COUPON_NOT_ACTIVE";
      coupon.status = "offered";
      coupon.lastTransfer = {
        from: step.by,
        to: step.open ? null : step.to,
        open: step.open,
        status: "pending",
        version: coupon.version,
      };
      return "ok";
    case "convert":
      if (coupon.owner !== step.by) return "NOT_FOUND";
      if (coupon.status !== "active" && coupon.status !== "expired") return "COUPON_NOT_ACTIVE";
      if (!coupon.funded) return "COUPON_NOT_FUNDED";
      coupon.status = "converted";
      model.balances[step.by]! -= coupon.amountMinor;
      return "ok";
    case "split": {
      if (coupon.owner !== step.by) return "NOT_FOUND";
      if (coupon.status !== "active") return "COUPON_NOT_ACTIVE";
      if (coupon.amountMinor < 2) return "INVALID_AMOUNT";
      coupon.status = "split";
      for (const part of splitParts(coupon, step.fraction)) {
        model.coupons.push({
          ...coupon,
          version: 1,
          status: "active",
          amountMinor: Number(part),
          lastTransfer: null,
        });
      }
      return "ok";
    }
    case "void":
      if (coupon.requester !== step.by || coupon.owner !== step.by) return "NOT_FOUND";
      if (coupon.status !== "active") return "COUPON_NOT_ACTIVE";
      if (coupon.funded) return "COUPON_FUNDED";
      if (coupon.version !== 1) return "COUPON_TRANSFERRED";
      coupon.status = "void";
      return "ok";
    case "revoke":
      if (coupon.status !== "active" && coupon.status !== "offered" && coupon.status !== "expired")
        return "COUPON_NOT_ACTIVE";
      if (coupon.status === "offered" && coupon.lastTransfer) coupon.lastTransfer.status = "cancelled";
      if (coupon.funded) model.balances[coupon.owner]! -= coupon.amountMinor;
      coupon.status = "revoked";
      return "ok";
    default: {
      const unreachable: never = step;
      throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
    }
  }
}
