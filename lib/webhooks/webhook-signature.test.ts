import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../examples/external-shop/webhook.mjs";
import { hasValidSignature, newWebhookSecret, signWebhook, webhookHeaders } from "./webhook-signature";

// The reference vector of the Standard Webhooks specification's libraries.
const vector = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signatures", () => {
  it("match the specification's reference vector", () => {
    expect(signWebhook(vector.secret, vector)).toBe(vector.signature);
    expect(hasValidSignature(vector.secret, `v1,bogus ${vector.signature}`, vector)).toBe(true);
  });

  it("the example shop verifies the reference vector and Scrip's own headers", () => {
    const headers = {
      "webhook-id": vector.id,
      "webhook-timestamp": String(vector.timestamp),
      "webhook-signature": vector.signature,
    };
    expect(
      verifyWebhook(vector.secret, headers, vector.body, { now: vector.timestamp + 10 }).payload,
    ).toEqual({
      test: 2432232314,
    });
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const own = webhookHeaders([secret], { id: "msg_1", timestamp: 1700000000, body: "{}" });
    expect(verifyWebhook(secret, own, "{}", { now: 1700000000 }).id).toBe("msg_1");
  });
});
