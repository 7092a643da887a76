// API process: GraphQL over HTTP and WebSocket, webhooks and health on one port.
import { buildApp } from './http/app.js';
import { httpRoutes } from './http/routes.js';
import { env } from './env.js';
import { db } from './db.js';
import { logger } from './lib/logger.js';
import { onShutdown } from './lib/shutdown.js';

const app = buildApp(httpRoutes());
const { url } = await app.start(env.PORT);
logger.info('api started', { url: `${url}/graphql` });

onShutdown('api', async () => {
  await app.stop();
  await db.$disconnect();
});
