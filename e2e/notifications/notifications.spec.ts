import { expect, type Page, test } from "@playwright/test";
import { expectNoSidewaysScroll } from "../support/page-checks";
import { adminInvitePath, confirmAdminInvite } from "../support/running-app";
import { giveByHandle, newPerson, requestCoupon } from "../wallet/wallet-helpers";

/** The header's notification link: its accessible name carries the unread count. */
const bell = (page: Page) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications/ });

/** Nothing on the page is wider than a 390 px phone screen. */
async function expectFitsPhone(page: Page) {
  await page.setViewportSize({ width: 390, height: 800 });
  await expectNoSidewaysScroll(page);
}

test("[notifications] B gets an offer: the header shows 1 unread, the list says who offered what, marking it read clears the count", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const alice = await newPerson(browser, "ntfa", "Alice Notify");
  const bob = await newPerson(browser, "ntfb", "Bob Notify");
  await bob.page.goto("/wallet");
  await expect(bell(bob.page)).toHaveAccessibleName("Notifications");

  await requestCoupon(alice.page, "12.50");
  await giveByHandle(alice.page, bob);

  await bob.page.goto("/wallet");
  await expect(bell(bob.page)).toHaveAccessibleName("Notifications, 1 unread");
  await expect(bob.page.getByTestId("unread-count")).toHaveText("1");
  await bell(bob.page).click();
  await expect(bob.page).toHaveURL(/\/wallet\/notifications$/);
  const list = bob.page.getByRole("list", { name: "Notifications" });
  const item = list.getByRole("listitem").first();
  await expect(item).toContainText("Alice Notify offered you a coupon of €12.50.");
  await expect(item).toContainText(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);
  await expectFitsPhone(bob.page);
  await item.getByRole("button", { name: "Mark as read" }).click();
  await expect(bob.page.getByText("Marked as read.")).toBeVisible();
  await expect(item.getByRole("button", { name: "Mark as read" })).toHaveCount(0);
  await expect(bell(bob.page)).toHaveAccessibleName("Notifications");
  await expect(bob.page.getByTestId("unread-count")).toHaveCount(0);
  await expect(bob.page.getByText("Nothing new.")).toBeVisible();

  // Alice sees none of Bob's notifications, and her own list is empty.
  await alice.page.goto("/wallet/notifications");
  await expect(alice.page.getByText("No notifications yet.")).toBeVisible();
  await alice.context.close();
  await bob.context.close();
});

test("[notifications] adding an email address and confirming it through the link in the delivered mail; the demo mailbox is admins-only", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const carol = await newPerson(browser, "ntfc", "Carol Mail");
  // The demo mailbox does not exist for a person who is not an admin.
  const notAdmin = await carol.page.goto("/mailbox");
  expect(notAdmin?.status()).toBe(404);

  await carol.page.goto(adminInvitePath());
  await confirmAdminInvite(carol.page, carol.handle);

  const address = `${carol.handle.toLowerCase()}@example.test`;
  await carol.page.goto("/wallet/settings/email");
  await carol.page.getByLabel("Email address").fill(address);
  await carol.page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(carol.page.getByText(`We are sending a link to ${address}.`)).toBeVisible();
  await expect(carol.page.getByText(`${address} is waiting for you to open the link`)).toBeVisible();
  await expectFitsPhone(carol.page);

  // The worker sends the mail through the demo's real SMTP server; the admin-only mailbox shows what arrived.
  const message = carol.page
    .getByRole("list", { name: "Received email" })
    .getByRole("listitem")
    .filter({ hasText: `To ${address}` });
  await expect(async () => {
    await carol.page.goto("/mailbox");
    await expect(message).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(message.getByRole("heading")).toHaveText("Confirm your email address for Scrip");
  await expectFitsPhone(carol.page);
  await message.getByRole("link", { name: /\/wallet\/settings\/email\/verify\?token=/ }).click();
  await expect(carol.page).toHaveURL(/\/wallet\/settings\/email\/verify\?token=/);
  const verifyUrl = carol.page.url();
  await carol.page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(carol.page.getByText(`Confirmed: Scrip will email ${address}.`)).toBeVisible();

  await carol.page.goto("/wallet/settings/email");
  await expect(carol.page.getByText(`Scrip emails ${address}.`)).toBeVisible();
  await expect(carol.page.getByRole("checkbox", { name: /always sent/ })).toBeDisabled();
  await carol.page.getByRole("checkbox", { name: "Someone offers you a coupon" }).uncheck();
  await carol.page.getByRole("button", { name: "Save email choices" }).click();
  await expect(carol.page.getByText("Saved.")).toBeVisible();
  await carol.page.reload();
  await expect(carol.page.getByRole("checkbox", { name: "Someone offers you a coupon" })).not.toBeChecked();

  // The link works once.
  await carol.page.goto(verifyUrl);
  await carol.page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(carol.page.getByText("This link does not work any more")).toBeVisible();

  // Signed out, the mailbox does not exist either.
  const anonymous = await browser.newContext();
  const response = await (await anonymous.newPage()).goto("/mailbox");
  expect(response?.status()).toBe(404);
  await anonymous.close();
  await carol.context.close();
});
