/**
 * Errors that mean "the database could not be reached or the connection was lost" rather than "the request was
 * wrong": a failover, a restart, a pooler that lost its server. They answer 503 with a plain message, never 500.
 */
interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  cause?: unknown;
}

/** postgres.js's own codes for a connection that closed, ended, was destroyed or timed out while connecting. */
const driverCodes = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);
/** Socket errors of Node. */
const socketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/**
 * SQLSTATEs of a server going away or not (yet) taking writes: class 08 (connection exception), 57P01–57P03
 * (terminated by an administrator, crash shutdown, cannot connect now), 25006 (a read-only transaction: a standby
 * or a demoted primary), 53300 (too many connections).
 */
const lostStates = new Set(["57P01", "57P02", "57P03", "25006", "53300"]);

function chain(error: unknown): ErrorLike[] {
  const found: ErrorLike[] = [];
  let current = error as ErrorLike | undefined;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    found.push(current);
    current = current.cause as ErrorLike | undefined;
  }
  return found;
}

/**
 * Whether `error` (or its cause chain: Drizzle wraps the driver's error) says the connection to the database
 * was lost or could not be made. Such a failure before COMMIT was sent certainly rolled the transaction back.
 */
export function isConnectionLoss(error: unknown): boolean {
  return chain(error).some(({ code }) => {
    if (typeof code !== "string") return false;
    return (
      driverCodes.has(code) || socketCodes.has(code) || lostStates.has(code) || /^08[0-9A-Z]{3}$/.test(code)
    );
  });
}

/** A statement cancelled by the statement timeout (57014): the database is too slow or stuck; not retried. */
export function isStatementTimeout(error: unknown): boolean {
  return chain(error).some(({ code }) => code === "57014");
}

/** Whether `error` means the database is unavailable for the moment (503), not a bug (500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isConnectionLoss(error) || isStatementTimeout(error);
}
