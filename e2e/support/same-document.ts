import type { Page } from "@playwright/test";

/** Marks the page's document, so a reload (which drops the mark) is noticed by {@link stillTheSameDocument}. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { neverReloaded: boolean }).neverReloaded = true;
  });
}

/** Whether the page still shows the document {@link markDocument} marked (it was never reloaded). */
export function stillTheSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { neverReloaded?: boolean }).neverReloaded === true);
}
