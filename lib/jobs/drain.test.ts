import { describe, expect, it } from "vitest";
import { drain } from "./job-definitions";

describe("drain (expiry and purge jobs)", () => {
  it("runs batches until one finds nothing, and adds up what they did", async () => {
    const batches = [5000, 5000, 1200, 0];
    let calls = 0;
    const total = await drain(async () => ({ deleted: batches[calls++] ?? 0 }), 60_000);
    expect(total).toBe(11_200);
    expect(calls).toBe(4);
  });

  it("goes on past twenty full batches while its time budget lasts (a steady load must not outgrow the job)", async () => {
    let calls = 0;
    const total = await drain(
      async () => ({ expired: calls++ < 50 ? 100 : 0 }),
      60_000,
      () => 0,
    );
    expect(calls).toBe(51);
    expect(total).toBe(5000);
  });

  it("stops after its time budget even while batches keep finding work; the next run carries on", async () => {
    let clock = 0;
    let calls = 0;
    const total = await drain(
      async () => {
        calls++;
        clock += 1000;
        return { deleted: 10 };
      },
      5000,
      () => clock,
    );
    expect(calls).toBe(5);
    expect(total).toBe(50);
  });
});
