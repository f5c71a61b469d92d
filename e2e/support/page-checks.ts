import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The WCAG 2.1 A and AA rules; the sweep fails on what axe rates serious or critical. */
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const blocking = new Set(["serious", "critical"]);

export interface CheckOptions {
  /** Keep going after a failure (expect.soft), so one run lists every page's problems. */
  soft?: boolean;
}

function expectation(options: CheckOptions) {
  return options.soft ? expect.soft : expect;
}

/** The page has no serious or critical WCAG 2.1 AA violation; a failure lists rule, help and selectors. */
export async function expectPageAccessible(page: Page, options: CheckOptions = {}): Promise<void> {
  // Next.js may stream a page's metadata after its body: wait for the <title> (a page without one still fails,
  // here and in axe's document-title rule) so axe does not judge a page that is still arriving.
  await expectation(options)(page, "the page has a title").toHaveTitle(/\S/, { timeout: 10_000 });
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const found = results.violations
    .filter((violation) => blocking.has(violation.impact ?? ""))
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes
          .map(
            (node) =>
              `    ${node.target.join(" ")}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, " ")}` : ""}`,
          )
          .join("\n")}`,
    );
  expectation(options)(
    found,
    `accessibility of ${new URL(page.url()).pathname}:\n${found.join("\n")}`,
  ).toEqual([]);
}

/** Nothing makes the page scroll sideways; a failure names the elements that stick out on the right. */
export async function expectNoSidewaysScroll(page: Page, options: CheckOptions = {}): Promise<void> {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : "";
      const classes = typeof element.className === "string" ? element.className.trim().split(/\s+/) : [];
      const label = classes.length > 0 && classes[0] !== "" ? `.${classes.slice(0, 3).join(".")}` : "";
      const text = (element.textContent ?? "").trim().slice(0, 40);
      return `${element.tagName.toLowerCase()}${id}${label} (right ${Math.round(element.getBoundingClientRect().right)}) "${text}"`;
    };
    // Only the outermost offenders: an element whose parent already sticks out adds nothing.
    // Content scrolled or clipped inside its own box (a tab strip) does not move the page.
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== "visible") return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll("*")].filter(
      (element) => element.getBoundingClientRect().right > width + 0.5 && !clipped(element),
    );
    const outermost = wide.filter((element) => !wide.includes(element.parentElement as Element));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: width,
      culprits: outermost.slice(0, 10).map(describe),
    };
  });
  expectation(options)(
    scrollWidth,
    `sideways scroll on ${new URL(page.url()).pathname} (${scrollWidth} > ${innerWidth}); sticking out:\n${culprits.join("\n")}`,
  ).toBeLessThanOrEqual(innerWidth);
}

/** With SWEEP_SHOTS=1, a full-page screenshot to /work/walk/h1 (or SWEEP_SHOTS_DIR) named `name`. */
export async function sweepScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.SWEEP_SHOTS !== "1") return;
  const dir = process.env.SWEEP_SHOTS_DIR ?? "/work/walk/h1";
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
