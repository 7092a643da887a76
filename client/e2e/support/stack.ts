// The whole product in-process for browser tests, like `npm start` but on port 0: the Trackstar
// sandbox (webhooks pointed at the API), the API with its HTTP routes (static client included) and
// the workers, all on the test database and Redis DB from vitest.config.ts.
import { createSandbox, type Sandbox } from '../../../sandbox/src/server.js';

export type Stack = {
  sandbox: Sandbox;
  apiUrl: string;
  /** Raises a SKU's stock in the WMS of the brand's connection, as a warehouse worker would. */
  adjustStock(brandId: string, sku: string, quantity: number): Promise<void>;
  /** Cuts every open WebSocket and refuses new ones until the returned function is called. */
  cutWebSockets(): () => void;
  stop(): Promise<void>;
};

export async function startStack(
  options: { sandbox?: Parameters<typeof createSandbox>[0]; app?: import('../../../server/src/http/app.js').AppOptions } = {},
): Promise<Stack> {
  const sandbox = createSandbox({ seed: 7, products: 40, orders: 60, log: false, ...options.sandbox });
  const { url: sandboxUrl } = await sandbox.start(0);

  // env.ts parses process.env on first import, so configure Trackstar before loading the server.
  process.env.TRACKSTAR_BASE_URL = sandboxUrl;
  process.env.TRACKSTAR_API_KEY = sandbox.apiKey;
  process.env.WEBHOOK_TRACKSTAR_SECRET = sandbox.webhookSecret;

  const { buildApp } = await import('../../../server/src/http/app.js');
  const { httpRoutes } = await import('../../../server/src/http/routes.js');
  const app = buildApp({ ...httpRoutes(), ...options.app });
  const { url: apiUrl } = await app.start(0, '127.0.0.1');
  // The raw sockets behind graphql-ws, so a test can simulate a dropped connection.
  const upgraded = new Set<import('node:net').Socket>();
  let refuse = false;
  app.server.prependListener('upgrade', (_req, socket) => {
    if (refuse) return void socket.destroy();
    upgraded.add(socket as import('node:net').Socket);
    socket.on('close', () => upgraded.delete(socket as import('node:net').Socket));
  });
  sandbox.setWebhookUrl(`${apiUrl}/api/webhooks/trackstar`);
  const { startWorkers } = await import('../../../server/src/worker.js');
  const workers = await startWorkers();

  return {
    sandbox,
    apiUrl,
    async adjustStock(brandId, sku, quantity) {
      const { db } = await import('../../../server/src/db.js');
      const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId } });
      const connection = sandbox.connection(integration.connectionId!);
      const item = connection.data.inventory.all().find((i) => i.sku === sku)!;
      const warehouseId = Object.keys(item.inventory_by_warehouse_id)[0];
      const res = await fetch(`${sandbox.url}/wms/inventory/${item.id}/adjust`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-trackstar-api-key': sandbox.apiKey, 'x-trackstar-access-token': connection.accessToken },
        body: JSON.stringify({ quantity, adjustment_type: 'increase', warehouse_id: warehouseId }),
      });
      if (res.status !== 200) throw new Error(`sandbox adjust answered ${res.status}: ${await res.text()}`);
    },
    cutWebSockets() {
      refuse = true;
      for (const socket of upgraded) socket.destroy();
      return () => {
        refuse = false;
      };
    },
    async stop() {
      await workers.close().catch(() => {});
      await app.stop();
      await sandbox.stop();
      const { db } = await import('../../../server/src/db.js');
      const { pool } = await import('../../../server/src/pg.js');
      await db.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
