/**
 * Prefixes of public ids, so an id says what it names (CONVENTIONS.md). Kept apart from lib/ids.ts, which draws
 * random ids with node:crypto, so code that also runs in the browser (the compact token decoder) can name id kinds.
 */
export const idPrefixes = {
  party: "pty",
  user: "usr",
  passkey: "pk",
  challenge: "chl",
  session: "ses",
  shop: "shp",
  product: "prd",
  order: "ord",
  orderCoupon: "ocp",
  paymentRequest: "pay",
  issuanceRequest: "isr",
  coupon: "cpn",
  transfer: "trf",
  transferGroup: "tgr",
  couponEvent: "evt",
  account: "acc",
  posting: "pst",
  chargingRun: "run",
  statement: "stm",
  apiKey: "key",
  webhookEndpoint: "whe",
  webhookMessage: "msg",
  webhookDelivery: "dlv",
  adminInvite: "inv",
  issuerKey: "isk",
  settlementApproval: "sap",
  bankImport: "bim",
  bankCredit: "bcr",
} as const;
