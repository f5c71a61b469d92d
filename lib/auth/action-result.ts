import { z } from "zod";
import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { issueMessage } from "@/lib/validation/issue-message";

/** What every server action returns: data, or an error the UI can show (never a stack trace). */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; retryAfterSeconds?: number } };

/** Turns zod failures into VALIDATION_FAILED with a plain sentence (no schema path) and leaves every other error. */
export function normaliseError(error: unknown): unknown {
  if (error instanceof z.ZodError) {
    return new AppError("VALIDATION_FAILED", issueMessage(error.issues[0]));
  }
  return error;
}

/** The ActionResult of a failed action: the public code and message, plus Retry-After for rate limits. */
export function actionFailure(caught: unknown): ActionResult<never> {
  const error = normaliseError(caught);
  const { body } = toErrorBody(error);
  const retryAfterSeconds = isAppError(error) ? error.retryAfterSeconds : undefined;
  return { ok: false, error: { ...body.error, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) } };
}

/** The `{ error: { code, message } }` JSON response of a route handler, with Retry-After on 429. */
export function errorResponse(caught: unknown): Response {
  const error = normaliseError(caught);
  const { status, body } = toErrorBody(error);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (isAppError(error) && error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
  return Response.json(body, { status, headers });
}
