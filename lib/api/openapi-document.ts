import { z } from "zod";
import { apiKeyScopes } from "@/lib/api-keys/api-key-scopes";
import { webhookEventTypes } from "@/lib/webhooks/webhook-event-types";
import { type ApiOperation, apiOperations } from "./api-operations";
import { ApiError } from "./api-schemas";

type JsonSchema = Record<string, unknown>;

/** Moves every `$defs` entry into `components.schemas` and points the `$ref`s there. */
function hoist(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const text = (value: unknown) => JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/');
  for (const [name, definition] of Object.entries($defs ?? {}))
    components[name] = JSON.parse(text(definition));
  return JSON.parse(text(rest));
}

function toSchema(
  schema: z.ZodType,
  io: "input" | "output",
  components: Record<string, JsonSchema>,
): JsonSchema {
  return hoist(
    z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema,
    components,
  );
}

const commonErrors: Record<number, string> = {
  400: "The request is malformed or fails validation (VALIDATION_FAILED, INVALID_AMOUNT, …), or a POST that changes something came without its Idempotency-Key (IDEMPOTENCY_KEY_REQUIRED).",
  401: "No API key, or an unknown or revoked one (UNAUTHENTICATED).",
  403: "The key lacks the scope this operation needs (FORBIDDEN).",
  404: "No such resource for this shop (NOT_FOUND); other shops' ids are never disclosed.",
  409: "A conflict: the resource changed, or a request with the same Idempotency-Key is still in progress, or took so long that a retry took its place (CONCURRENT_REQUEST).",
  413: "The request body is larger than 16 KiB (PAYLOAD_TOO_LARGE).",
  422: "The Idempotency-Key was used with another request (IDEMPOTENCY_MISMATCH), or a business limit refused it.",
  429: "This key's rate limit is spent (RATE_LIMITED); wait for Retry-After seconds.",
};

function operationObject(operation: ApiOperation, components: Record<string, JsonSchema>) {
  const parameters: JsonSchema[] = [];
  for (const [location, schema] of [
    ["path", operation.params],
    ["query", operation.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, "input", components) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      parameters.push({
        name,
        in: location,
        required: location === "path" || (json.required ?? []).includes(name),
        schema: property,
        ...(typeof property.description === "string" ? { description: property.description } : {}),
      });
    }
  }
  if (operation.method === "POST") {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: operation.idempotency === "required",
      description: `${operation.idempotency === "required" ? "Required (400 IDEMPOTENCY_KEY_REQUIRED without it). " : ""}Up to 255 visible ASCII characters, unique per request, kept 24 hours per shop. The same key and body replay the first successful response; another body answers 422; a duplicate still in progress 409. Failed requests are not stored and may be retried with the same key.`,
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  const errorStatuses = [...new Set([400, 401, 403, 413, 429, ...operation.errors])].sort();
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description:
      operation.scopes === "any" ? "Any scope." : `Needs one of the scopes: ${operation.scopes.join(", ")}.`,
    security: [{ apiKey: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toSchema(operation.body, "input", components) } },
          },
        }
      : {}),
    responses: {
      [operation.successStatus]: {
        description: "Success.",
        content: {
          "application/json": {
            schema: toSchema(z.object({ data: operation.response }), "output", components),
          },
        },
      },
      ...Object.fromEntries(
        errorStatuses.map((status) => [
          status,
          {
            description:
              status === 413 && operation.bodyBytesMax
                ? `The request body is larger than ${operation.bodyBytesMax / 1024} KiB (PAYLOAD_TOO_LARGE).`
                : (commonErrors[status] ?? "Error."),
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of REST API v1, generated from the same zod schemas the routes validate with. */
export function openApiDocument(origin: string) {
  const components: Record<string, JsonSchema> = {};
  toSchema(ApiError, "output", components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of Object.values(apiOperations) as ApiOperation[]) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method.toLowerCase()] = operationObject(
      operation,
      components,
    );
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Scrip REST API",
      version: "1.0.0",
      description: [
        "Shops verify coupons, take payments, accept coupons offered to them and convert them to money.",
        "Authenticate with `Authorization: Bearer <API key>` (keys are created per shop in the merchant dashboard).",
        `Scopes: ${Object.entries(apiKeyScopes)
          .map(([name, scope]) => `${name} (${scope.label})`)
          .join(", ")}.`,
        'Money is always a string of integer minor units ("1250" is 12.50 EUR). Errors are `{ error: { code, message } }`.',
        "Responses are `{ data: … }`. Request bodies are limited to 16 KiB, pages to 100 items, and each key to a per-minute request budget (429 with Retry-After).",
        `Webhooks (Standard Webhooks signatures) report: ${Object.keys(webhookEventTypes).join(", ")}.`,
      ].join("\n\n"),
    },
    servers: [{ url: `${origin}/api/v1` }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A shop API key." } },
      schemas: components,
    },
    paths,
    webhooks: webhooksObject(components),
  };
}

/** The `webhooks` of the document: one POST per event type, with its payload and the signature headers. */
function webhooksObject(components: Record<string, JsonSchema>) {
  const headers = [
    ["webhook-id", "The message id; the same on every retry, so receivers can drop duplicates."],
    [
      "webhook-timestamp",
      "Seconds since the epoch when this attempt was signed; refuse more than 5 minutes off.",
    ],
    [
      "webhook-signature",
      "Space-separated `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with each active secret (`whsec_<base64>`; two during a rotation).",
    ],
  ].map(([name, description]) => ({
    name,
    in: "header",
    required: true,
    description,
    schema: { type: "string" },
  }));
  return Object.fromEntries(
    (
      Object.entries(webhookEventTypes) as [
        string,
        (typeof webhookEventTypes)[keyof typeof webhookEventTypes],
      ][]
    ).map(([type, event]) => [
      type,
      {
        post: {
          summary: event.description,
          parameters: headers,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: toSchema(
                  z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data: event.data }),
                  "output",
                  components,
                ),
              },
            },
          },
          responses: {
            "2XX": {
              description: "Delivered. Any other status (redirects included) is retried with backoff.",
            },
          },
        },
      },
    ]),
  );
}
