// Types of shop.mjs and webhook.mjs for the TypeScript tests in the Scrip repository.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface Order {
  id: string;
  status: "pending" | "paid" | "expired";
  amountMinor: string;
  currency: string;
  paymentRequestId: string | null;
  paymentUrl: string | null;
  createdAt: string;
  paidAt: string | null;
}
export interface ShopConfig {
  port?: number;
  scripUrl: string;
  apiKey: string;
  webhookSecret: string;
  shopUrl: string;
  product?: { name: string; priceMinor: string; currency: string };
}
export function configFromEnv(env?: Record<string, string | undefined>): Required<ShopConfig>;
export function createShop(config: ShopConfig): {
  server: Server;
  orders: Map<string, Order>;
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
};
