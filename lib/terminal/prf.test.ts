import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prfExtensionInput, prfInput, prfOutputOf, resultOf, withoutPrfOutput } from "./prf";

describe("the terminal's PRF input and output", () => {
  it("evaluates PRF on SHA-256 of the site's versioned label", async () => {
    const expected = createHash("sha256").update("scrip wallet prf v1").digest();
    expect(Buffer.from(await prfInput())).toEqual(expected);
    const { prf } = await prfExtensionInput();
    expect(Buffer.from(prf.eval.first)).toEqual(expected);
  });

  it("reads the output as bytes, and null when the authenticator gave none", () => {
    const output = new Uint8Array([1, 2, 3, 4]);
    expect(new Uint8Array(resultOf({ prf: { results: { first: output.buffer } } }) ?? [])).toEqual(output);
    const view = new Uint8Array([9, 1, 2, 3, 4, 9]).subarray(1, 5);
    expect(new Uint8Array(resultOf({ prf: { results: { first: view } } }) ?? [])).toEqual(output);
    expect(resultOf({ prf: { enabled: false } })).toBeNull();
    expect(resultOf({})).toBeNull();
    expect(resultOf(undefined)).toBeNull();
    expect(prfOutputOf({ getClientExtensionResults: () => ({}) })).toBeNull();
  });

  it("never sends the output to the server: it is removed from the response, the rest kept", () => {
    const response = {
      id: "cred",
      response: { clientDataJSON: "x" },
      clientExtensionResults: { prf: { results: { first: new ArrayBuffer(32) } }, appid: false },
    };
    const sent = withoutPrfOutput(response);
    expect(sent).toEqual({
      id: "cred",
      response: { clientDataJSON: "x" },
      clientExtensionResults: { appid: false },
    });
    expect(response.clientExtensionResults.prf).toBeDefined();
  });
});
