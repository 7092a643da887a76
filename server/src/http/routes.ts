// The non-GraphQL HTTP routes of the API process: the webhook receiver on the raw Node request,
// health and the static client as Yoga plugins answering in onRequest.
import type { AppOptions } from './app.js';
import { useHealthRoutes } from './health.js';
import { useStaticClient } from './static.js';
import { trackstarWebhookRoute } from './webhooks/trackstar.js';

export function httpRoutes(): Pick<AppOptions, 'plugins' | 'nodeRoutes'> {
  return { plugins: [useHealthRoutes(), useStaticClient()], nodeRoutes: [trackstarWebhookRoute()] };
}
