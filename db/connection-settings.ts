/**
 * How Scrip connects to PostgreSQL, for every pool it opens (the app's, the LISTEN connection, the job worker's,
 * migrations and maintenance commands). Read from the environment:
 *
 * - `DATABASE_URL`: the app's pool. May name several hosts (`postgres://u:p@h1:6432,h2:6432/scrip?
 *   target_session_attrs=read-write`): postgres.js tries them in turn and keeps the first that accepts writes, so
 *   after a failover new connections find the new primary without a restart.
 * - `DATABASE_DIRECT_URL` (optional, default DATABASE_URL): straight to PostgreSQL, never through a transaction
 *   pooler; may be multi-host too. Used for what a pooler in transaction mode cannot carry: `LISTEN` (the live
 *   hub), pg-boss (the job worker and job senders), migrations and `ledger:check`. Setting it declares that
 *   DATABASE_URL goes through a pooler (PgBouncer, transaction mode): the app's pool then sends no startup
 *   parameters PgBouncer 1.18 would refuse (see `statementTimeoutMs`), and SCRIP_DB_PREPARE=0 must be set
 *   (PgBouncer before 1.21 keeps no prepared statements).
 * - `SCRIP_DB_CONNECT_TIMEOUT_S` (default 5): give up on a host that does not complete the connection (TCP,
 *   authentication, the read-write check) within this many seconds, and try the next.
 * - `SCRIP_DB_KEEPALIVE_S` (default 10): TCP keepalive on every connection, first probe after this many idle
 *   seconds, so a connection to a machine that vanished is eventually noticed. The kernel's probe interval and
 *   count (net.ipv4.tcp_keepalive_intvl / _probes, 75 s × 9 by default) decide how soon; lower them on app hosts.
 * - `SCRIP_DB_STATEMENT_TIMEOUT_MS` (default 30000): the longest one statement of a web request may run,
 *   including a COMMIT waiting for the synchronous standby; the server cancels it. On a direct connection it is
 *   sent as a startup parameter. Through PgBouncer 1.18 it cannot be (PgBouncer refuses unknown startup
 *   parameters, and `ignore_startup_parameters` would only drop it): there the same limit must be the role's
 *   setting on the server, `ALTER ROLE scrip SET statement_timeout = '30s'` (replicated to the standby with the
 *   catalogue; scripts/test-failover.ts does it), and PgBouncer's `query_timeout` a few seconds longer as the
 *   backstop for a server that no longer answers at all.
 * - `SCRIP_DB_JOB_STATEMENT_TIMEOUT_MS` (default 600000, ten minutes): the same for the job worker and
 *   `ledger:check` (direct connections), whose charging runs, campaign slices and full ledger check run
 *   statements far longer than a web request's. Migrations run with no statement timeout (an index build on a
 *   large table may take longer than any default; sent as "0" so the role's setting does not apply), but with the
 *   connect timeout and keepalives.
 *
 * Synchronous replication and a cancelled COMMIT: when the statement timeout (or any cancel) interrupts a COMMIT
 * that is waiting for the synchronous standby, PostgreSQL answers with a WARNING ("The transaction has already
 * committed locally, but might not have been replicated to the standby.") and success. Taken as success, that
 * would acknowledge a change the standby may not have, which a failover then loses. Scrip's pools therefore
 * watch notices: `inTransaction` (db/in-transaction.ts) turns a COMMIT during which that warning arrived into a
 * 503 whose outcome is unknown (retry with the same Idempotency-Key), never a success.
 */
export interface ConnectionSettings {
  connectTimeoutS: number;
  keepAliveS: number;
  /** 0: no statement timeout. */
  statementTimeoutMs: number;
}

/** What the pool is for: the timeouts differ (see above). */
export type ConnectionPurpose = "app" | "jobs" | "migrations";

function positive(env: Record<string, string | undefined>, name: string, fallback: number, zeroOk = false) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) {
    throw new Error(`${name} must be a ${zeroOk ? "non-negative" : "positive"} number (got "${raw}")`);
  }
  return value;
}

export function connectionSettings(
  purpose: ConnectionPurpose,
  env: Record<string, string | undefined> = process.env,
): ConnectionSettings {
  const statementTimeoutMs =
    purpose === "migrations"
      ? 0
      : purpose === "jobs"
        ? positive(env, "SCRIP_DB_JOB_STATEMENT_TIMEOUT_MS", 600_000, true)
        : positive(env, "SCRIP_DB_STATEMENT_TIMEOUT_MS", 30_000, true);
  return {
    connectTimeoutS: positive(env, "SCRIP_DB_CONNECT_TIMEOUT_S", 5),
    keepAliveS: positive(env, "SCRIP_DB_KEEPALIVE_S", 10),
    statementTimeoutMs,
  };
}

/** The direct URL (DATABASE_DIRECT_URL, else DATABASE_URL), for LISTEN, pg-boss, migrations and maintenance. */
export function directDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.DATABASE_DIRECT_URL || env.DATABASE_URL;
}

/** Whether DATABASE_URL goes through a transaction pooler: DATABASE_DIRECT_URL is set and differs from it. */
export function appUrlIsPooled(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.DATABASE_DIRECT_URL) && env.DATABASE_DIRECT_URL !== env.DATABASE_URL;
}

let unreplicatedCommits = 0;

/**
 * How many "committed locally, but might not have been replicated" warnings this process has received. A
 * COMMIT that resolves while the count moves may be one of them: its outcome is unknown.
 */
export function unreplicatedCommitWarnings(): number {
  return unreplicatedCommits;
}

/** The notice handler of every pool: counts the synchronous-replication cancel warning, drops the rest. */
export function watchNotice(notice: { severity?: string; message?: string; detail?: string }): void {
  const text = `${notice.message ?? ""} ${notice.detail ?? ""}`;
  if (/synchronous replication|might not have been replicated/i.test(text)) unreplicatedCommits++;
}

/** The postgres.js options for a pool of `purpose` (and whether it goes through a pooler). */
export function postgresOptions(
  purpose: ConnectionPurpose,
  pooled: boolean,
  env: Record<string, string | undefined> = process.env,
) {
  const settings = connectionSettings(purpose, env);
  return {
    connect_timeout: settings.connectTimeoutS,
    keep_alive: settings.keepAliveS,
    // Through a pooler in transaction mode, one query at a time per connection. postgres.js otherwise sends a
    // query on a connection whose previous query is still running (pipelining); when the first one's
    // ReadyForQuery hands PgBouncer's server connection back to its pool, the second one's answers arrive "when
    // not linked" and are dropped, and that connection waits forever (seen in the failover test: every
    // connection stuck in minutes, the instance not ready). Waiting queries queue in the pool instead.
    max_pipeline: pooled ? 0 : 100,
    onnotice: watchNotice,
    // PgBouncer 1.18 refuses startup parameters it does not track: there the role's setting applies instead. On
    // a direct connection it is always sent, "0" included, so it overrides a role setting meant for the pooler.
    // (As text: postgres.js drops falsy startup values, which would drop the number 0.)
    // application_name names the pool in pg_stat_activity (and so in scrip_db_connections): PgBouncer tracks it.
    connection: pooled
      ? { application_name: `scrip-${purpose}` }
      : {
          application_name: `scrip-${purpose}`,
          statement_timeout: String(settings.statementTimeoutMs) as unknown as number,
        },
  };
}
