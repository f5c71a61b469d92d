import postgres from "postgres";
import { type ConnectionPurpose, postgresOptions } from "@/db/connection-settings";

/** The database adapter pg-boss accepts in place of its own node-postgres pool (`db` option). */
export interface BossDatabase {
  executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
  close: () => Promise<void>;
}

/**
 * pg-boss's connection, on postgres.js rather than its own node-postgres pool: node-postgres takes one host only,
 * while postgres.js takes the multi-host DATABASE_DIRECT_URL with `target_session_attrs=read-write`, Scrip's
 * connect timeout, statement timeout and keepalives, and replaces a dead connection with one to the new primary
 * after a failover, so the worker carries on without a restart. Always a direct URL: pg-boss's maintenance runs
 * multi-statement transactions and session advisory locks a transaction pooler cannot carry.
 *
 * It answers as node-postgres does: `{ rows }`, and for a multi-statement text (run as a simple query, as
 * node-postgres does) one `{ rows }` per statement. Values are sent as node-postgres sends them: a string for a
 * json parameter is already JSON (pg-boss stringifies some itself), objects are stringified.
 */
export function openBossDatabase(
  url: string,
  options: { max?: number; purpose?: ConnectionPurpose; applicationName?: string } = {},
): BossDatabase {
  const sql = postgres(url, {
    max: options.max ?? 4,
    ...postgresOptions(options.purpose ?? "jobs", false),
    prepare: false,
    types: {
      json: {
        to: 114,
        from: [114, 3802],
        serialize: (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value)),
        parse: (value: string) => JSON.parse(value),
      },
    },
  });
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        // A text with its own BEGIN … COMMIT needs one connection for its whole length (postgres.js insists).
        const reserved = await sql.reserve();
        let result: unknown[];
        try {
          result = (await reserved.unsafe(text).simple()) as unknown as unknown[];
        } finally {
          reserved.release();
        }
        // Several statements: postgres.js answers one result per statement.
        if (result.length > 0 && Array.isArray(result[0]))
          return Object.assign(
            (result as unknown[][]).map((rows) => ({ rows: [...rows] })),
            { rows: [...(result.at(-1) as unknown[])] },
          );
        return { rows: [...result] };
      }
      // node-postgres sends undefined as NULL; postgres.js refuses it.
      const sent = values.map((value) => (value === undefined ? null : value));
      const rows = await sql.unsafe(text, sent as postgres.ParameterOrJSON<never>[]);
      return { rows: [...rows] };
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
