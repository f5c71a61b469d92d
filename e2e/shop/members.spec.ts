import { expect, test } from "@playwright/test";
import { expectNoSidewaysScroll } from "../support/page-checks";
import { newPerson } from "../wallet/wallet-helpers";
import { createShopWithProduct } from "./shop-helpers";

test("[shop] members: making someone an owner says what owners may do and needs the owner's passkey; staff need none", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const owner = await newPerson(browser, "mbro", "Mia Owner");
  const partner = await newPerson(browser, "mbrp", "Pat Partner");
  const helper = await newPerson(browser, "mbrh", "Hal Helper");
  try {
    const slug = await createShopWithProduct(owner.page, `Mia's Market ${owner.handle}`, "Apples", "3");
    const page = owner.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/merchant/${slug}/members`);
    const members = page.getByRole("list", { name: "Members" });

    // Staff are added at once.
    await page.getByLabel("Handle").fill(helper.handle);
    await page.getByLabel("Role").selectOption("staff");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByText(`@${helper.handle} is now staff.`)).toBeVisible();

    // An owner: first what it means, then the passkey. Cancelling changes nothing.
    await page.getByLabel("Handle").fill(`@${partner.handle}`);
    await page.getByLabel("Role").selectOption("owner");
    await page.getByRole("button", { name: "Add member" }).click();
    const confirm = page.getByRole("region", { name: `Make @${partner.handle} an owner of this shop?` });
    await expect(confirm).toContainText("Owners can convert the shop's coupons to money");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(members.getByText(`@${partner.handle}`)).toHaveCount(0);

    await page.getByRole("button", { name: "Add member" }).click();
    await expect(confirm.getByRole("button", { name: "Confirm with passkey" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByText(`@${partner.handle} is now owner.`)).toBeVisible();
    await expect(members.getByRole("listitem").filter({ hasText: `@${partner.handle}` })).toContainText(
      "owner",
    );

    // Promoting staff to owner is a grant too.
    await page.getByLabel("Handle").fill(helper.handle);
    await page.getByLabel("Role").selectOption("owner");
    await page.getByRole("button", { name: "Add member" }).click();
    await page
      .getByRole("region", { name: `Make @${helper.handle} an owner of this shop?` })
      .getByRole("button", { name: "Confirm with passkey" })
      .click();
    await expect(page.getByText(`@${helper.handle} is now owner.`)).toBeVisible();

    // The page fits a phone: no sideways scrolling.
    await expectNoSidewaysScroll(page);
  } finally {
    await owner.context.close();
    await partner.context.close();
    await helper.context.close();
  }
});
