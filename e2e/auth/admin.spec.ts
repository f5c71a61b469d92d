import { expect, test } from "@playwright/test";
import { adminInvitePath, confirmAdminInvite } from "../support/running-app";
import { addVirtualAuthenticator, signUp, uniqueHandle } from "../support/webauthn";

test("[auth] admin invite: the printed link makes the signed-in account an admin, once", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await addVirtualAuthenticator(page);
  const handle = uniqueHandle("admin");
  await signUp(page, handle);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Back office");
  await expect(page.locator("p[role=alert]")).toContainText("does not have the admin role");

  const invite = adminInvitePath();
  await page.goto(invite);
  await confirmAdminInvite(page, handle);
  await expect(page.getByText(`Signed in as @${handle}, admin.`)).toBeVisible();

  // The link was spent: another person cannot use it.
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await addVirtualAuthenticator(otherPage);
    const otherHandle = uniqueHandle("late");
    await signUp(otherPage, otherHandle);
    await otherPage.goto(invite);
    await otherPage.getByRole("button", { name: `Make @${otherHandle} an admin` }).click();
    await expect(otherPage.locator("p[role=alert]")).toContainText("not valid");

    // The admin suspends that account, which ends its session at once.
    await page.getByLabel("Handle").fill(otherHandle);
    await page.getByLabel("Reason").fill("end-to-end test");
    await page.getByRole("button", { name: "Suspend account" }).click();
    await expect(page.getByText("Suspended; 1 session ended.")).toBeVisible();
    await otherPage.goto("/wallet");
    await expect(otherPage).toHaveURL(/\/signin\?next=%2Fwallet$/);
  } finally {
    await other.close();
  }
});
