import { expect, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { newPerson } from "../wallet/wallet-helpers";

const dir = "/work/walk/c";

test("walk campaigns", async ({ browser }) => {
  test.setTimeout(400_000);
  const owner = await newPerson(browser, "walkown", "Walter Owner");
  const person = await newPerson(browser, "walkget", "Wilma Receiver");
  const page = owner.page;
  const shot = async (name: string, p = page) => {
    for (const width of [390, 1280]) {
      await p.setViewportSize({ width, height: 900 });
      await p.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
    }
  };
  const slug = await createShopWithProduct(page, `Walk Bakery ${owner.handle}`, "Bread", "2.00");
  await page.goto(`/merchant/${slug}/campaigns`);
  await shot("01-list-empty");
  await page.getByLabel("Name (recipients see it)").fill("Spring vouchers");
  await page.getByLabel(/Value of each coupon/).fill("5.00");
  await page.getByLabel("Valid for (days)").fill("30");
  await page.getByLabel("Send to a list of people").check();
  await shot("02-form-list");
  const csv = `handle\n${person.handle}\nnobody-here-xyz\n${person.handle}\n`;
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Check the campaign" }).click();
  await page.waitForTimeout(1500);
  await shot("03-list-errors");
  await page.locator('input[type="file"]').setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`handle\n${person.handle}\n`),
  });
  await page.getByRole("button", { name: "Check the campaign" }).click();
  await page.waitForTimeout(1500);
  await shot("04-list-checked");
  await page.getByRole("button", { name: "Create with passkey" }).click();
  await page.waitForURL(/campaigns\/cmp_/);
  await page.waitForTimeout(4000);
  await shot("05-recipients-campaign");
  await person.page.goto("/wallet");
  await person.page.waitForTimeout(1500);
  await shot("06-wallet-offer", person.page);

  await page.goto(`/merchant/${slug}/campaigns`);
  await page.getByLabel("Name (recipients see it)").fill("Big print run");
  await page.getByLabel(/Value of each coupon/).fill("0.01");
  await page.getByLabel("Valid for (days)").fill("60");
  await page.getByLabel("Print claim codes").check();
  await page.getByLabel("How many claim codes").fill("3000");
  await page.getByRole("button", { name: "Check the campaign" }).click();
  await page.waitForTimeout(1500);
  await shot("07-codes-checked");
  await page.getByRole("button", { name: "Create with passkey" }).click();
  await page.waitForURL(/campaigns\/cmp_/);
  await page.waitForTimeout(3000);
  await shot("08-running");
  const pause = page.getByRole("button", { name: "Pause" });
  if (await pause.isVisible()) {
    await pause.click();
    await page.waitForTimeout(2500);
    await shot("09-paused");
    await page.getByRole("button", { name: "Resume" }).click();
  }
  await expect(page.getByRole("heading", { name: "Finished" })).toBeVisible({ timeout: 240_000 });
  await shot("10-finished");
  const opening = owner.context.waitForEvent("page");
  await page.getByRole("button", { name: "Printable QR sheet" }).click();
  const sheet = await opening;
  await sheet.waitForLoadState();
  await sheet.waitForTimeout(1500);
  await sheet.setViewportSize({ width: 1280, height: 900 });
  await sheet.screenshot({ path: `${dir}/11-sheet-1280.png` });
  await sheet.setViewportSize({ width: 390, height: 900 });
  await sheet.screenshot({ path: `${dir}/11-sheet-390.png` });
  await page.goto(`/merchant/${slug}/campaigns`);
  await shot("12-list");
});
