import type { ShopConversion } from "@/lib/coupons/convert-shop-coupon";
import type { ShopCouponVerdict } from "@/lib/coupons/verify-coupon-for-shop";
import type { PaymentRequestView } from "@/lib/payment-requests/payment-request-view";
import type { ReceivedCouponPage } from "@/lib/shops/list-received-coupons";
import type { ShopOfferPage } from "@/lib/shops/list-shop-offers";
import type { ShopOfferOutcome } from "@/lib/transfers/accept-shop-offers";
import type { TransferAnswer } from "@/lib/transfers/answer-shop-transfer";

/** JSON shapes of the API: money as digit strings, times as ISO strings (api-schemas.ts). */
const iso = (date: Date) => date.toISOString();

export const couponVerdictDto = (verdict: ShopCouponVerdict) => ({
  valid: verdict.valid,
  signature: verdict.signature,
  coupon: verdict.coupon && {
    ...verdict.coupon,
    amountMinor: verdict.coupon.amountMinor.toString(),
    expiresAt: iso(verdict.coupon.expiresAt),
    status: verdict.coupon.status as "active",
    pendingTransferToYou: verdict.coupon.pendingTransferToYou && {
      id: verdict.coupon.pendingTransferToYou.id,
      expiresAt: iso(verdict.coupon.pendingTransferToYou.expiresAt),
    },
  },
});

export const paymentRequestDto = (request: PaymentRequestView) => ({
  ...request,
  amountMinor: request.amountMinor.toString(),
  expiresAt: iso(request.expiresAt),
  paidAt: request.paidAt && iso(request.paidAt),
  createdAt: iso(request.createdAt),
});

export const transferAnswerDto = (answer: TransferAnswer) => ({
  ...answer,
  coupon: { ...answer.coupon, amountMinor: answer.coupon.amountMinor.toString() },
});

const offerOutcomeDto = (outcome: ShopOfferOutcome) =>
  outcome.status === "accepted" ? { ...transferAnswerDto(outcome), status: outcome.status } : outcome;

export const acceptTransfersDto = (outcomes: ShopOfferOutcome[]) => ({
  accepted: outcomes.filter((outcome) => outcome.status === "accepted").length,
  refused: outcomes.filter((outcome) => outcome.status === "refused").length,
  results: outcomes.map(offerOutcomeDto),
});

export const couponPageDto = (page: ReceivedCouponPage) => ({
  coupons: page.coupons.map((coupon) => ({
    ...coupon,
    amountMinor: coupon.amountMinor.toString(),
    issuedAt: iso(coupon.issuedAt),
    expiresAt: iso(coupon.expiresAt),
  })),
  nextCursor: page.nextCursor,
});

export const conversionDto = (conversion: ShopConversion) => ({
  ...conversion,
  amountMinor: conversion.amountMinor.toString(),
});

export const transferPageDto = (page: ShopOfferPage) => ({
  transfers: page.offers.map((offer) => ({
    id: offer.transferId,
    groupId: offer.groupId,
    couponId: offer.couponId,
    amountMinor: offer.amountMinor.toString(),
    currency: offer.currency,
    fromName: offer.fromName,
    offeredAt: iso(offer.offeredAt),
    expiresAt: iso(offer.expiresAt),
  })),
  nextCursor: page.nextCursor,
});
