import { type Browser, expect, type Page, test } from "@playwright/test";
import {
  addVirtualAuthenticator,
  platformPasskey,
  prfPasskey,
  signUp,
  uniqueHandle,
  type VirtualAuthenticatorOptions,
  withoutPasskeyAutofill,
} from "../support/webauthn";

// The wallet terminal's encrypted memory (issue #16): the key comes from the passkey's PRF output, the records in
// IndexedDB are sealed under it, and locking drops it.

interface Entry {
  key: string;
  value: unknown;
}

interface TerminalHook {
  __scripTerminalTest?: boolean;
  __scripTerminal: {
    saveRecord: (name: string, value: unknown) => Promise<void>;
    loadRecord: (name: string) => Promise<unknown>;
  };
}

const onDevice = (page: Page) => page.getByRole("region", { name: "Coupons on this device" });

/** A new person in their own context, signed up with a passkey made by `authenticator`, on their wallet. */
async function newTerminal(browser: Browser, authenticator: VirtualAuthenticatorOptions) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await withoutPasskeyAutofill(page);
  await page.addInitScript(() => {
    (window as unknown as TerminalHook).__scripTerminalTest = true;
  });
  await addVirtualAuthenticator(page, authenticator);
  await signUp(page, uniqueHandle("vault"));
  return { context, page };
}

/** Every entry of the terminal's IndexedDB store, read with the plain IndexedDB API (never creating it). */
function vaultEntries(page: Page): Promise<Entry[]> {
  return page.evaluate(
    () =>
      new Promise<Entry[]>((resolve, reject) => {
        const open = indexedDB.open("scrip-terminal");
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction("records");
          const keys = tx.objectStore("records").getAllKeys();
          const values = tx.objectStore("records").getAll();
          tx.oncomplete = () => {
            db.close();
            resolve(keys.result.map((key, i) => ({ key: String(key), value: values.result[i] })));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Writes `value` at `key` of the terminal's store, as someone with the profile's files could. */
function putEntry(page: Page, key: string, value: unknown): Promise<void> {
  return page.evaluate(
    ({ key, value }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("scrip-terminal");
        open.onsuccess = () => {
          const tx = open.result.transaction("records", "readwrite");
          tx.objectStore("records").put(value, key);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { key, value },
  );
}

const save = (page: Page, name: string, value: unknown) =>
  page.evaluate(
    ({ name, value }) => (window as unknown as TerminalHook).__scripTerminal.saveRecord(name, value),
    { name, value },
  );

/** What `loadRecord(name)` gives: `{ value }`, or the name of the error it threw. */
const load = (page: Page, name: string) =>
  page.evaluate(
    (name) =>
      (window as unknown as TerminalHook).__scripTerminal.loadRecord(name).then(
        (value) => ({ value, refused: null }),
        (error: Error) => ({ value: null, refused: error.name }),
      ),
    name,
  );

async function unlockFirstTime(page: Page) {
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "locked");
  // The assertion goes to the server (the unlock action) without the PRF output: that is the key's secret.
  const sent = page.waitForRequest(
    (request) => request.method() === "POST" && (request.postData() ?? "").includes("clientDataJSON"),
  );
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  const body = (await sent).postData() ?? "";
  expect(body).toContain("clientExtensionResults");
  expect(body).not.toContain("prf");
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "unlocked");
  await expect(onDevice(page).getByText("Your coupons on this device are unlocked.")).toBeVisible();
}

/** The ciphertext with its first character changed (its first 6 bits flipped). */
const flip = (ct: string) => `${ct.startsWith("A") ? "B" : "A"}${ct.slice(1)}`;

const entryOf = (entries: Entry[], name: string) => entries.find((entry) => entry.key.endsWith(`:${name}`));

test("one passkey prompt unlocks the wallet and the sealed copy; locking drops the key; tampering is refused", async ({
  browser,
}) => {
  const { context, page } = await newTerminal(browser, prfPasskey);
  await unlockFirstTime(page);
  // The same assertion unlocked the server's wallet session.
  await expect(page.getByRole("region", { name: "Wallet unlocked" })).toBeVisible();

  const marker = `marker-${Date.now().toString(36)}`;
  await save(page, "probe", { note: marker, amountMinor: "4242" });
  expect(await load(page, "probe")).toEqual({ value: { note: marker, amountMinor: "4242" }, refused: null });

  const entries = await vaultEntries(page);
  expect(entries.map((entry) => entry.key.split(":").pop()).sort()).toEqual(["check", "meta", "probe"]);
  const userPrefix = entries[0]?.key.split(":")[0];
  expect(entries.every((entry) => entry.key.startsWith(`${userPrefix}:`))).toBe(true);
  const dump = JSON.stringify(entries);
  expect(dump).not.toContain(marker);
  expect(dump).not.toContain("4242");
  expect(dump).not.toContain("scrip terminal check");
  const probe = entryOf(entries, "probe")?.value as { v: number; iv: string; ct: string };
  expect(Object.keys(probe).sort()).toEqual(["ct", "iv", "v"]);
  expect(Object.keys(entryOf(entries, "meta")?.value as object).sort()).toEqual([
    "credentialIds",
    "salt",
    "v",
  ]);

  // Lock: the key is gone and the records refuse to open.
  await onDevice(page).getByRole("button", { name: "Lock" }).click();
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "locked");
  await expect(page.getByRole("region", { name: "Wallet locked" })).toBeVisible();
  expect(await load(page, "probe")).toEqual({ value: null, refused: "TerminalLockedError" });

  // Unlocking again (the wallet's own unlock: both were locked) makes the same key: the record opens.
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "unlocked");
  expect(await load(page, "probe")).toEqual({ value: { note: marker, amountMinor: "4242" }, refused: null });

  // A changed ciphertext is refused.
  await putEntry(page, `${userPrefix}:probe`, { ...probe, ct: flip(probe.ct) });
  expect(await load(page, "probe")).toEqual({ value: null, refused: "VaultError" });

  // The key lives in the tab's memory only: a reload locks the copy (the server's session stays unlocked).
  await page.reload();
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "locked");
  expect(await load(page, "probe")).toEqual({ value: null, refused: "TerminalLockedError" });

  // Offline, the passkey alone unlocks the copy (no server involved)...
  await page.getByRole("button", { name: "Lock now" }).click();
  await expect(page.getByRole("region", { name: "Wallet locked" })).toBeVisible();
  await page.reload();
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "locked");
  await context.setOffline(true);
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "unlocked");
  expect(await load(page, "check")).toEqual({
    value: { purpose: "scrip terminal check", userId: userPrefix },
    refused: null,
  });
  // The server's wallet session was not involved: it stays locked.
  await expect(page.getByRole("region", { name: "Wallet locked" })).toBeVisible();

  // ...but not once the copy's check record was changed: the unlock fails with a clear message.
  await onDevice(page).getByRole("button", { name: "Lock" }).click();
  const check = entryOf(entries, "check")?.value as { v: number; iv: string; ct: string };
  await putEntry(page, `${userPrefix}:check`, { ...check, ct: flip(check.ct) });
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(page.getByText("This passkey cannot open the coupons kept on this device.")).toBeVisible();
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "locked");
  await context.close();
});

test("another person's passkey cannot open a copy of someone's sealed records", async ({ browser }) => {
  const first = await newTerminal(browser, prfPasskey);
  await unlockFirstTime(first.page);
  await save(first.page, "probe", { note: "first person's coupons" });
  const copied = entryOf(await vaultEntries(first.page), "probe");
  expect(copied).toBeDefined();

  const second = await newTerminal(browser, prfPasskey);
  await unlockFirstTime(second.page);
  const secondPrefix = (await vaultEntries(second.page))[0]?.key.split(":")[0];
  await putEntry(second.page, `${secondPrefix}:probe`, copied?.value);
  expect(await load(second.page, "probe")).toEqual({ value: null, refused: "VaultError" });
  // The second person's own records still open.
  await save(second.page, "own", { note: "mine" });
  expect(await load(second.page, "own")).toEqual({ value: { note: "mine" }, refused: null });
  await first.context.close();
  await second.context.close();
});

test("a passkey without PRF unlocks the wallet online only, and nothing is kept on the device", async ({
  browser,
}) => {
  const { context, page } = await newTerminal(browser, platformPasskey);
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(page.getByRole("region", { name: "Wallet unlocked" })).toBeVisible();
  await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "no_prf");
  await expect(
    onDevice(page).getByText(
      "This passkey cannot keep your coupons on this device; the wallet works online only.",
    ),
  ).toBeVisible();
  expect(await vaultEntries(page)).toEqual([]);
  expect(await load(page, "check")).toEqual({ value: null, refused: "TerminalLockedError" });
  await context.close();
});

test("the copy locks itself: after 5 minutes without input, and when the tab stays hidden for 2 minutes", async ({
  browser,
}) => {
  const { context, page } = await newTerminal(browser, prfPasskey);
  try {
    // The page's clock is the test's from here on (the authenticator and the server keep real time).
    await page.clock.install();
    await page.reload();
    await unlockFirstTime(page);
    await page.clock.fastForward("04:50");
    await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "unlocked");
    await page.clock.fastForward("00:20");
    await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "locked");
    expect(await load(page, "check")).toEqual({ value: null, refused: "TerminalLockedError" });

    // Hidden: the key goes once the tab has been out of sight for 2 minutes.
    await page.getByRole("button", { name: "Unlock on this device" }).click();
    await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "unlocked");
    const setHidden = (hidden: boolean) =>
      page.evaluate((value) => {
        Object.defineProperty(document, "visibilityState", {
          configurable: true,
          get: () => (value ? "hidden" : "visible"),
        });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await setHidden(true);
    await page.clock.fastForward("01:50");
    await setHidden(false);
    await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "unlocked");
    await setHidden(true);
    await page.clock.fastForward("02:01");
    await setHidden(false);
    await expect(onDevice(page)).toHaveAttribute("data-terminal-state", "locked");
  } finally {
    await context.close();
  }
});
