import "server-only";
import { AppError } from "@/lib/errors";

const tooLarge = (maxBytes: number) =>
  new AppError("PAYLOAD_TOO_LARGE", `The request is too large: at most ${maxBytes} bytes are accepted.`);

/** Reads a raw request body of at most `maxBytes`, refusing larger ones before and while reading. */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Largest JSON body a browser-facing route handler reads. */
export const requestBodyBytesMax = 64 * 1024;

/** Reads a JSON body of at most `maxBytes` (an empty body reads as `{}`); malformed JSON is a validation error. */
export async function readJsonBody(request: Request, maxBytes = requestBodyBytesMax): Promise<unknown> {
  const text = (await readLimitedBody(request, maxBytes)).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_FAILED", "The request body is not valid JSON.");
  }
}
