import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { camt053Of } from "../../tests/support/camt053-builder";
import { readQrImage } from "../support/decode-qr";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { adminInvitePath, confirmAdminInvite } from "../support/running-app";
import { giveByHandle, newPerson, requestCoupon, runLedgerCheck, verifyAndAccept } from "./wallet-helpers";

test("[wallet] a person pays an invoice by its reference: the statement shows how to pay and the EPC QR code; the admin imports the bank's camt.053 and the invoice reads paid", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const payer = await newPerson(browser, "paya", "Pia Payer");
  const friend = await newPerson(browser, "payb", "Finn Friend");
  const admin = await newPerson(browser, "payadm", "Ada Admin");
  try {
    // The payer requests a €4.00 coupon and gives it away: it is funded, so the payer owes Scrip €4.00.
    await requestCoupon(payer.page, "4");
    await giveByHandle(payer.page, friend);
    await verifyAndAccept(friend.page, payer.name);

    await admin.page.goto(adminInvitePath());
    await confirmAdminInvite(admin.page, admin.handle);
    await admin.page.goto("/admin/charging");
    await admin.page.getByRole("button", { name: "Run charging" }).click();
    await expect(admin.page.getByText(/Run run_[A-Za-z0-9_-]{22} completed/)).toBeVisible({
      timeout: 30_000,
    });

    // The invoice says how much, by when, and how to pay: Scrip's account, the RF reference, the QR code.
    await payer.page.goto("/wallet/statements");
    const invoice = payer.page.getByTestId("statement").filter({ hasText: "You owe Scrip €4.00" });
    await expect(invoice).toContainText(/You owe Scrip €4\.00, due by \d{1,2} [A-Z][a-z]{2} \d{4}/);
    await expect(invoice).toContainText("Pay by bank transfer to Scrip Demo Issuer");
    await expect(invoice.getByTestId("invoice-iban")).toHaveText("DE89 3704 0044 0532 0130 00");
    const printed = (await invoice.getByTestId("invoice-reference").textContent()) ?? "";
    expect(printed).toMatch(/^RF\d{2}( [A-Z0-9]{1,4})+$/);
    const reference = printed.replace(/ /g, "");
    await expect(invoice.getByRole("button", { name: "Copy reference" })).toBeVisible();
    await expect(invoice.getByText("Scan with your banking app")).toBeVisible();
    const qr = await readQrImage(invoice.getByRole("img", { name: /Payment QR code/ }));
    const lines = qr?.text.split("\n") ?? [];
    expect(lines.slice(0, 4)).toEqual(["BCD", "002", "1", "SCT"]);
    expect(lines).toContain("DE89370400440532013000");
    expect(lines).toContain("EUR4.00");
    expect(lines).toContain(reference);
    await expectPageAccessible(payer.page);
    await payer.page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(payer.page);

    // The bank's statement shows the payer's transfer with that reference; the admin imports it.
    const file = path.join(tmpdir(), `scrip-camt053-${Date.now()}.xml`);
    writeFileSync(
      file,
      camt053Of({
        id: `E2E-${Date.now()}`,
        iban: "DE89370400440532013000",
        lines: [
          { key: `E2E-${reference}`, amount: "4.00", reference, debtor: "Pia Payer" },
          { key: `E2E-${reference}-gift`, amount: "2.50", text: "for the coffee", debtor: "Someone Else" },
        ],
      }),
    );
    await admin.page.goto("/admin/bank");
    await admin.page.getByLabel(/Bank statement/).setInputFiles(file);
    await admin.page.getByRole("button", { name: "Import statement" }).click();
    await expect(admin.page.getByText("Imported: 1 matched and settled, 1 for review.")).toBeVisible({
      timeout: 30_000,
    });
    // The same file again changes nothing.
    await admin.page.getByRole("button", { name: "Import statement" }).click();
    await expect(admin.page.getByText(/already imported/)).toBeVisible({ timeout: 30_000 });
    // The payment without a reference waits for review; the admin dismisses it with a reason.
    const waiting = admin.page.getByTestId("review-credit").filter({ hasText: "€2.50" });
    await expect(waiting).toContainText("from Someone Else");
    await expect(waiting).toContainText("The payment has no RF payment reference");
    await expectPageAccessible(admin.page);
    await admin.page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(admin.page);
    await waiting.getByLabel("Reason to dismiss").fill("A tip, not an invoice payment.");
    await waiting.getByRole("button", { name: "Dismiss" }).click();
    await expect(admin.page.getByText("No payment waits for review.")).toBeVisible({ timeout: 30_000 });

    // The payer's invoice now reads paid.
    await payer.page.reload();
    const paid = payer.page.getByTestId("statement").filter({ hasText: "€4.00" });
    await expect(paid).toContainText("You paid Scrip €4.00");
    await expect(paid).toContainText(/Paid on \d{1,2} [A-Z][a-z]{2} \d{4}/);
    await expect(paid.getByTestId("invoice-payment")).toHaveCount(0);

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
  } finally {
    await payer.context.close();
    await friend.context.close();
    await admin.context.close();
  }
});
