/**
 * Scrip's structured log: one JSON object per line on stdout (pino), for the server (one line per request) and
 * the job worker (one line per job run). Secrets never reach a line: pino's `redact` censors the fields that may
 * hold them (at the top level and one level down), and `scrubSecrets` rewrites values that look like one inside
 * any string — messages, error messages and stacks — since an error may quote its input (an IBAN, a bearer token).
 *
 * The logger lives on `globalThis` (Symbol.for): Next's server bundle and scripts/server.ts load modules apart.
 * SCRIP_LOG_LEVEL sets the level (default info; `silent` turns logging off).
 */
import pino, { type DestinationStream, type Logger } from "pino";
import { currentWork, installInstruments } from "./work-context";

/** Field names whose values are secret wherever they appear (top level or one object down). */
const secretFields = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "apiKey",
  "key",
  "assertion",
  "credential",
  "response",
  "clientDataJSON",
  "authenticatorData",
  "signature",
  "claimCode",
  "recoveryCode",
  "iban",
  "IBAN",
];

/** pino redact paths: each secret field at the top level, one level down, and in request/response headers. */
export const redactPaths = [
  ...secretFields.map((field) => (/^[A-Za-z]\w*$/.test(field) ? field : `["${field}"]`)),
  ...secretFields.map((field) => (/^[A-Za-z]\w*$/.test(field) ? `*.${field}` : `*["${field}"]`)),
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
];

/**
 * Values that look like secrets, replaced inside any string: IBANs (two letters, two check digits, 11 to 30
 * letters or digits, spaces allowed every four), Scrip API keys, bearer credentials, session cookies.
 */
const secretPatterns: [RegExp, string][] = [
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, "[IBAN]"],
  [/scrip_sk_[A-Za-z0-9_-]+/g, "scrip_sk_[REDACTED]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [REDACTED]"],
  [/((?:__Host-)?scrip\.session|next-auth\.[\w.-]+)=[^;\s]+/g, "$1=[REDACTED]"],
];

/** `text` with every secret-looking value replaced. */
export function scrubSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of secretPatterns) result = result.replace(pattern, replacement);
  return result;
}

/** Every string in `value` (objects and arrays up to a few levels deep) scrubbed; errors serialised. */
function scrubValues(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (value instanceof Error) return serializeError(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubValues(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) result[name] = scrubValues(item, depth + 1);
  return result;
}

/** Errors already turned into log fields: pino's serializer sees them again after `scrubValues` and keeps them. */
const serialized = new WeakSet<object>();

/**
 * An error as a log field: its name, code, scrubbed message and stack (never its other properties). Something
 * thrown that is not an Error (a plain object, a string) keeps its name, code and message where it has them, else
 * its JSON, scrubbed and cut to 500 characters. Calling it on its own result returns that result.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (typeof error === "object" && error !== null && serialized.has(error))
    return error as Record<string, unknown>;
  let result: Record<string, unknown>;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    result = {
      type: error.name,
      ...(typeof code === "string" ? { code } : {}),
      message: scrubSecrets(error.message),
      ...(error.stack ? { stack: scrubSecrets(error.stack) } : {}),
      ...(error.cause !== undefined && depth < 4 ? { cause: serializeError(error.cause, depth + 1) } : {}),
    };
  } else if (typeof error === "object" && error !== null) {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
    let text: string;
    if (typeof message === "string") text = message;
    else {
      try {
        text = JSON.stringify(error) ?? String(error);
      } catch {
        text = Object.prototype.toString.call(error);
      }
    }
    result = {
      ...(typeof name === "string" ? { type: name } : {}),
      ...(typeof code === "string" ? { code } : {}),
      message: scrubSecrets(text.slice(0, 500)),
    };
  } else {
    result = { message: scrubSecrets(String(error)) };
  }
  serialized.add(result);
  return result;
}

/** A logger with Scrip's redaction, writing to `destination` (stdout by default): for the process and for tests. */
export function createLogger(
  options: { name?: string; level?: string } = {},
  destination?: DestinationStream,
): Logger {
  const config: pino.LoggerOptions = {
    name: options.name,
    level: options.level ?? process.env.SCRIP_LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: "msg",
    redact: { paths: redactPaths, censor: "[REDACTED]" },
    serializers: { err: (error) => serializeError(error), error: (error) => serializeError(error) },
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrubValues(object, 0) as typeof object,
    },
    hooks: {
      // Strings passed as the message (and its format arguments) are scrubbed as values are.
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubSecrets(arg) : arg));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(config, destination) : pino(config);
}

const loggerKey = Symbol.for("scrip.logger");

/** The process's logger (created once per process, shared by every bundle). */
export function getLogger(): Logger {
  const registry = globalThis as unknown as { [loggerKey]?: Logger };
  let logger = registry[loggerKey];
  if (!logger) {
    logger = createLogger();
    registry[loggerKey] = logger;
    const log = logger;
    installInstruments({
      logError: (message, error) => log.error({ err: error, requestId: currentWork()?.requestId }, message),
    });
  }
  return logger;
}
