export const toleranceSeconds: number;
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  options?: { now?: number },
): { id: string; payload: { type?: string; timestamp?: string; data?: Record<string, unknown> } };
