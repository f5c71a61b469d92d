import { describe, expect, it } from "vitest";
import { recoveryOutflowLimitMinor } from "./recovery-outflow-limit";

describe("SCRIP_RECOVERY_OUTFLOW_LIMIT", () => {
  it("defaults to 100 major units (15 000 yen) and reads CUR=n overrides", () => {
    expect(recoveryOutflowLimitMinor("EUR", {})).toBe(10_000n);
    expect(recoveryOutflowLimitMinor("JPY", {})).toBe(15_000n);
    const env = { SCRIP_RECOVERY_OUTFLOW_LIMIT: "50,EUR=20" };
    expect(recoveryOutflowLimitMinor("EUR", env)).toBe(2_000n);
    expect(recoveryOutflowLimitMinor("USD", env)).toBe(5_000n);
  });

  it("refuses a setting it cannot read or without a default", () => {
    expect(() => recoveryOutflowLimitMinor("EUR", { SCRIP_RECOVERY_OUTFLOW_LIMIT: "EUR=5" })).toThrow(
      /default/,
    );
    expect(() => recoveryOutflowLimitMinor("EUR", { SCRIP_RECOVERY_OUTFLOW_LIMIT: "1.5" })).toThrow(
      /cannot read/,
    );
  });
});
