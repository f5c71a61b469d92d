import { describe, expect, it } from "vitest";
import { describeBrowser } from "./describe-browser";

describe("describeBrowser", () => {
  it("names common browsers and systems in plain words", () => {
    expect(
      describeBrowser(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605 Version/17.0 Safari/604.1",
      ),
    ).toBe("Safari on iPhone or iPad");
    expect(describeBrowser("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe(
      "Firefox on Linux",
    );
    expect(
      describeBrowser("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131 Safari/537.36 Edg/131"),
    ).toBe("Edge on Windows");
    expect(describeBrowser(null)).toBe("An unknown browser");
    expect(describeBrowser("curl/8.0")).toBe("An unknown browser");
  });
});
