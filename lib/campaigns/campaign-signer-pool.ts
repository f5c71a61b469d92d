import { type KeyObject, sign } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { logUnexpectedError } from "@/lib/observability/work-context";

/**
 * Ed25519 signing for bulk issue on every core: a small pool of worker threads, each holding the issuer's private
 * KeyObjects (posted once per key id, then cached). A batch is a list of UTF-8 payloads signed with one key; the
 * answer is their base64url signatures in order, byte-identical to lib/coupons/coupon-token.ts's signPayload.
 * `SCRIP_CAMPAIGN_SIGNERS=0` signs on the calling thread instead (no workers).
 */

const workerSource = `
const { parentPort } = require("node:worker_threads");
const { sign } = require("node:crypto");
const keys = new Map();
parentPort.on("message", (message) => {
  if (message.key) { keys.set(message.kid, message.key); return; }
  const key = keys.get(message.kid);
  const out = new Array(message.payloads.length);
  for (let i = 0; i < out.length; i++) out[i] = sign(null, Buffer.from(message.payloads[i], "utf8"), key).toString("base64url");
  parentPort.postMessage({ id: message.id, signatures: out });
});
`;

interface PoolWorker {
  worker: Worker;
  kids: Set<string>;
  pending: Map<number, (signatures: string[]) => void>;
  load: number;
}

let pool: PoolWorker[] | null = null;
let nextId = 0;

function signerCount(): number {
  const configured = process.env.SCRIP_CAMPAIGN_SIGNERS;
  if (configured !== undefined && configured !== "") return Math.max(0, Number(configured) | 0);
  return Math.min(availableParallelism(), 4);
}

function workers(): PoolWorker[] {
  if (pool) return pool;
  pool = Array.from({ length: signerCount() }, () => {
    const entry: PoolWorker = {
      worker: new Worker(workerSource, { eval: true }),
      kids: new Set(),
      pending: new Map(),
      load: 0,
    };
    entry.worker.on("message", (message: { id: number; signatures: string[] }) => {
      const resolve = entry.pending.get(message.id);
      entry.pending.delete(message.id);
      entry.load -= message.signatures.length;
      resolve?.(message.signatures);
    });
    entry.worker.on("error", (error) => {
      // A dead signer fails its waiting batches; the pool is rebuilt on next use.
      for (const resolve of entry.pending.values()) resolve([]);
      entry.pending.clear();
      pool = null;
      logUnexpectedError("campaign signer failed", error);
    });
    // Idle workers must not keep a process (a test, a maintenance command) alive.
    entry.worker.unref();
    return entry;
  });
  return pool;
}

/** Signs each payload with `key` (kid `kid`), on the least-loaded worker thread (or inline without workers). */
export function signBatch(kid: string, key: KeyObject, payloads: string[]): Promise<string[]> {
  const all = workers();
  if (all.length === 0) {
    return Promise.resolve(
      payloads.map((p) => sign(null, Buffer.from(p, "utf8"), key).toString("base64url")),
    );
  }
  let target = all[0] as PoolWorker;
  for (const candidate of all) if (candidate.load < target.load) target = candidate;
  if (!target.kids.has(kid)) {
    target.worker.postMessage({ kid, key });
    target.kids.add(kid);
  }
  const id = nextId++;
  target.load += payloads.length;
  return new Promise((resolve, reject) => {
    target.pending.set(id, (signatures) =>
      signatures.length === payloads.length
        ? resolve(signatures)
        : reject(new Error("a campaign signer thread failed")),
    );
    target.worker.postMessage({ id, kid, payloads });
  });
}

/** Stops the signer threads (tests and benchmarks that want a clean exit; the next batch starts new ones). */
export async function closeSignerPool(): Promise<void> {
  const current = pool;
  pool = null;
  if (current) await Promise.all(current.map((entry) => entry.worker.terminate()));
}
