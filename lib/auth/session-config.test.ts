import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";
import { getSessionConfig } from "./session-config";

describe("session configuration", () => {
  it("uses a __Host- secure cookie on an https origin and a plain one on http", () => {
    const production = getSessionConfig({
      SCRIP_ORIGIN: "https://scrip.example",
    } as unknown as NodeJS.ProcessEnv);
    expect(production).toMatchObject({ cookieName: "__Host-scrip.session", secureCookies: true });
    const development = getSessionConfig({
      SCRIP_ORIGIN: "http://localhost:3217",
    } as unknown as NodeJS.ProcessEnv);
    expect(development).toMatchObject({ cookieName: "scrip.session", secureCookies: false });
  });

  it("defaults to 30 minutes idle, 7 days absolute and a 5-minute wallet lock, and ignores nonsense", () => {
    expect(getSessionConfig({} as unknown as NodeJS.ProcessEnv)).toMatchObject({
      idleSeconds: 1800,
      maxSeconds: 604_800,
      walletLockSeconds: 300,
    });
    const custom = getSessionConfig({
      SCRIP_WALLET_LOCK_SECONDS: "60",
      SCRIP_SESSION_IDLE_SECONDS: "-5",
    } as unknown as NodeJS.ProcessEnv);
    expect(custom.walletLockSeconds).toBe(60);
    expect(custom.idleSeconds).toBe(1800);
  });
});

describe("safeNext", () => {
  it("keeps same-site paths and refuses other sites", () => {
    expect(safeNext("/wallet/settings/security")).toBe("/wallet/settings/security");
    expect(safeNext("/admin/enrol/abc")).toBe("/admin/enrol/abc");
    for (const hostile of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      null,
      undefined,
    ]) {
      expect(safeNext(hostile)).toBe("/wallet");
    }
  });
});
