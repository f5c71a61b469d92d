import { AppError } from "@/lib/errors";

/** What an action throws, by one part of its AppError: `undefined` when it returns, "NOT_APP_ERROR" for another throw. */
function thrownBy(action: () => unknown, part: "code" | "message"): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error[part] : "NOT_APP_ERROR";
  }
  return undefined;
}

/** The message a person would read from the AppError an action throws. */
export const messageOf = (action: () => unknown) => thrownBy(action, "message");

/** The code of the AppError an action throws. */
export const codeOf = (action: () => unknown) => thrownBy(action, "code");

/** The AppError an action throws; anything else it throws is rethrown, and returning fails the test. */
export function appErrorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected an AppError, but the action returned.");
}
