// Starts the example shop: `node server.mjs` (settings from the environment, see README.md).
import { configFromEnv, createShop } from "./shop.mjs";

const config = configFromEnv();
if (!config.apiKey || !config.webhookSecret) {
  console.error("Set SCRIP_API_KEY and SCRIP_WEBHOOK_SECRET (see README.md).");
  process.exit(1);
}
const { server } = createShop(config);
server.listen(config.port, () => {
  console.log(`Example shop on ${config.shopUrl} (Scrip at ${config.scripUrl})`);
  console.log(`Webhook endpoint to configure in Scrip: ${config.shopUrl}/webhooks/scrip`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
