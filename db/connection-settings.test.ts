import { describe, expect, it } from "vitest";
import { isConnectionLoss, isDatabaseUnavailable, isStatementTimeout } from "./connection-errors";
import {
  appUrlIsPooled,
  connectionSettings,
  directDatabaseUrl,
  postgresOptions,
  unreplicatedCommitWarnings,
  watchNotice,
} from "./connection-settings";

describe("connection settings", () => {
  it("default to a 5 s connect timeout, 10 s keepalive, 30 s for web requests, 10 min for jobs, none for migrations", () => {
    expect(connectionSettings("app", {})).toEqual({
      connectTimeoutS: 5,
      keepAliveS: 10,
      statementTimeoutMs: 30_000,
    });
    expect(connectionSettings("jobs", {}).statementTimeoutMs).toBe(600_000);
    expect(connectionSettings("migrations", { SCRIP_DB_STATEMENT_TIMEOUT_MS: "5" }).statementTimeoutMs).toBe(
      0,
    );
  });

  it("read the environment, and refuse what is not a number in range", () => {
    const env = {
      SCRIP_DB_CONNECT_TIMEOUT_S: "2",
      SCRIP_DB_KEEPALIVE_S: "7",
      SCRIP_DB_STATEMENT_TIMEOUT_MS: "0",
      SCRIP_DB_JOB_STATEMENT_TIMEOUT_MS: "1000",
    };
    expect(connectionSettings("app", env)).toEqual({
      connectTimeoutS: 2,
      keepAliveS: 7,
      statementTimeoutMs: 0,
    });
    expect(connectionSettings("jobs", env).statementTimeoutMs).toBe(1000);
    expect(() => connectionSettings("app", { SCRIP_DB_CONNECT_TIMEOUT_S: "0" })).toThrow(
      /SCRIP_DB_CONNECT_TIMEOUT_S/,
    );
    expect(() => connectionSettings("app", { SCRIP_DB_STATEMENT_TIMEOUT_MS: "-1" })).toThrow(/non-negative/);
    expect(() => connectionSettings("app", { SCRIP_DB_KEEPALIVE_S: "soon" })).toThrow(/SCRIP_DB_KEEPALIVE_S/);
  });

  it("send the statement timeout as a startup parameter only on direct connections, 0 included", () => {
    expect(postgresOptions("app", false, {}).connection).toEqual({
      application_name: "scrip-app",
      statement_timeout: "30000",
    });
    expect(postgresOptions("migrations", false, {}).connection).toEqual({
      application_name: "scrip-migrations",
      statement_timeout: "0",
    });
    expect(postgresOptions("jobs", false, {}).connection).toMatchObject({ application_name: "scrip-jobs" });
    expect(postgresOptions("app", true, {}).connection).toEqual({ application_name: "scrip-app" });
  });

  it("pipeline no query through a pooler (PgBouncer drops a pipelined query's answers), and do so directly", () => {
    expect(postgresOptions("app", true, {}).max_pipeline).toBe(0);
    expect(postgresOptions("app", false, {}).max_pipeline).toBeGreaterThan(0);
  });

  it("take DATABASE_DIRECT_URL for direct work, and a different one means the app goes through a pooler", () => {
    expect(directDatabaseUrl({ DATABASE_URL: "postgres://a" })).toBe("postgres://a");
    expect(directDatabaseUrl({ DATABASE_URL: "postgres://a", DATABASE_DIRECT_URL: "postgres://b" })).toBe(
      "postgres://b",
    );
    expect(appUrlIsPooled({ DATABASE_URL: "postgres://a" })).toBe(false);
    expect(appUrlIsPooled({ DATABASE_URL: "postgres://a", DATABASE_DIRECT_URL: "postgres://a" })).toBe(false);
    expect(appUrlIsPooled({ DATABASE_URL: "postgres://a", DATABASE_DIRECT_URL: "postgres://b" })).toBe(true);
  });

  it("count the warning of a COMMIT whose wait for the synchronous standby was cancelled, and nothing else", () => {
    const before = unreplicatedCommitWarnings();
    watchNotice({ severity: "NOTICE", message: "relation already exists, skipping" });
    expect(unreplicatedCommitWarnings()).toBe(before);
    watchNotice({
      severity: "WARNING",
      message: "canceling wait for synchronous replication due to user request",
      detail:
        "The transaction has already committed locally, but might not have been replicated to the standby.",
    });
    expect(unreplicatedCommitWarnings()).toBe(before + 1);
  });
});

describe("connection errors", () => {
  const wrapped = (cause: unknown) => Object.assign(new Error("Failed query"), { cause });
  it("are a lost or refused connection, a server going away or read-only, behind Drizzle's wrapper", () => {
    for (const code of ["CONNECTION_CLOSED", "CONNECT_TIMEOUT", "ECONNREFUSED", "57P01", "08006", "25006"]) {
      expect(isConnectionLoss(wrapped({ code }))).toBe(true);
    }
    expect(isConnectionLoss(wrapped({ code: "23505" }))).toBe(false);
    expect(isConnectionLoss(new Error("plain"))).toBe(false);
  });

  it("and a statement timeout make the database unavailable (503) without being a lost connection", () => {
    expect(isStatementTimeout(wrapped({ code: "57014" }))).toBe(true);
    expect(isConnectionLoss(wrapped({ code: "57014" }))).toBe(false);
    expect(isDatabaseUnavailable(wrapped({ code: "57014" }))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ code: "40001" }))).toBe(false);
  });
});
