import { generateKeyPairSync } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { signPayload } from "@/lib/coupons/coupon-token";
import { closeSignerPool, signBatch } from "./campaign-signer-pool";

afterAll(() => closeSignerPool());

describe("campaign signer pool", () => {
  it("signs exactly as signPayload does, in order, on threads and inline", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const payloads = Array.from(
      { length: 300 },
      (_, i) => `{"k":"kid","i":"cpn_${i}","a":"500","c":"EUR","é":${i}}`,
    );
    const expected = payloads.map((payload) => signPayload(payload, privateKey));
    for (const signers of ["2", "0"]) {
      await closeSignerPool();
      process.env.SCRIP_CAMPAIGN_SIGNERS = signers;
      const batches = await Promise.all([
        signBatch("kid", privateKey, payloads.slice(0, 120)),
        signBatch("kid", privateKey, payloads.slice(120)),
      ]);
      expect(batches.flat()).toEqual(expected);
    }
    delete process.env.SCRIP_CAMPAIGN_SIGNERS;
  });
});
