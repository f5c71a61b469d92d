import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { runningDataDir } from "../support/running-app";
import { addVirtualAuthenticator, signUp, uniqueHandle } from "../support/webauthn";

/** Runs `npm run admin:invite` against the app under test and returns the printed link's path. */
function adminInvitePath(): string {
  const result = spawnSync("npm", ["run", "--silent", "admin:invite"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: "",
      SCRIP_DATA_DIR: runningDataDir(),
      // Unset on purpose: the link must carry the running app's origin, read from its runtime.json.
      SCRIP_ORIGIN: "",
    },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  // The running app's own origin (E2E_PORT may move it off the default port).
  const origin = `http://localhost:${process.env.E2E_PORT ?? 3217}`.replace(/[.:/]/g, "\\$&");
  const link = new RegExp(`${origin}(/admin/enrol/[A-Za-z0-9_-]+)`).exec(result.stdout);
  expect(link, result.stdout).not.toBeNull();
  return link?.[1] ?? "";
}

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
  await page.getByRole("button", { name: `Make @${handle} an admin` }).click();
  await expect(page).toHaveURL(/\/admin$/);
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
    await expect(page.getByText("Suspended; 1 session(s) ended.")).toBeVisible();
    await otherPage.goto("/wallet");
    await expect(otherPage.getByText("Sign in with a passkey to continue.")).toBeVisible();
  } finally {
    await other.close();
  }
});
