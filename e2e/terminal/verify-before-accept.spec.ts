import { expect, test } from "@playwright/test";
import { giveByHandle, newPerson, requestCoupon } from "../wallet/wallet-helpers";

test("[terminal] the receiving wallet checks an offer itself and asks for the passkey only when every check passed", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "vbaa", "Vera Giver");
  const b = await newPerson(browser, "vbab", "Walt Taker");
  try {
    await requestCoupon(a.page, "8.00");
    await giveByHandle(a.page, b);

    await b.page.goto("/wallet");
    const offer = b.page.getByRole("listitem", { name: new RegExp(`from ${a.name}$`) });
    const accepts: string[] = [];
    b.page.on("request", (request) => {
      if (request.method() === "POST" && (request.postData() ?? "").includes("clientDataJSON")) {
        accepts.push(request.url());
      }
    });

    // A forged giver signature in the evidence Scrip sends (as a compromised server or network might): the
    // device's own check fails, says which, and no passkey assertion is ever sent.
    await b.page.route("**/api/wallet/offer-evidence", async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const assertion = body.data.offers[0].giverAssertion.response.response;
      assertion.signature = `${assertion.signature.startsWith("M") ? "N" : "M"}${assertion.signature.slice(1)}`;
      await route.fulfill({ response, json: body });
    });
    await offer.getByRole("button", { name: "Accept" }).click();
    const checks = offer.getByRole("list", { name: "What this device checked" });
    await expect(offer.getByRole("alert")).toHaveText("Not accepted: this device's checks did not all pass.");
    await expect(checks.getByText(/^Failed:/)).toHaveCount(1);
    await expect(checks).toContainText("Checked with the issuer's keys");
    expect(accepts).toEqual([]);
    await expect(b.page.getByRole("heading", { name: "Offers for you" })).toBeVisible();

    // The genuine evidence: every check passes, shown before the passkey prompt, and the coupon becomes B's.
    await b.page.unroute("**/api/wallet/offer-evidence");
    await offer.getByRole("button", { name: "Accept" }).click();
    await expect(b.page).toHaveURL(/\/wallet\/coupons\/cpn_/);
    await expect(b.page.getByTestId("coupon-version")).toHaveText("2");
    expect(accepts.length).toBeGreaterThan(0);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
