// Test support: Packr's API with the real Trackstar webhook receiver, a test sandbox that delivers
// its Svix-signed webhooks to it, and the real workers (sync and webhooks): what the tests of
// connection lifecycle, connect links and sync settings all run against. `integrations` collects
// the ones a test connected, so stop() retires their syncs before the workers go.
import { closeChangePublisher } from '../../src/changes/change-log.js';
import { buildApp, type App } from '../../src/http/app.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../../src/http/webhooks/trackstar.js';
import { startWorkers, type RunningWorkers } from '../../src/worker.js';
import { retireSync, startTestSandbox } from './sync-harness.js';
import { TEST_WEBHOOK_SECRET } from './webhooks.js';

export type LiveStack = {
  app: App;
  /** The API's base URL. */
  url: string;
  sb: Awaited<ReturnType<typeof startTestSandbox>>;
  workers: RunningWorkers;
  integrations: string[];
  stop(): Promise<void>;
};

export async function startLiveStack(data: { orders: number; products: number }): Promise<LiveStack> {
  const app = buildApp({ nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET] })] });
  const { url } = await app.start(0, '127.0.0.1');
  const sb = await startTestSandbox({
    ...data,
    webhookUrl: `${url}${WEBHOOK_PATH}`, webhookSecret: TEST_WEBHOOK_SECRET, webhookRetryScheduleMs: [200, 500, 1_000],
  });
  const workers = await startWorkers({ sync: { busyRetryMs: 200, lockDurationMs: 5_000 } });
  const integrations: string[] = [];
  return {
    app, url, sb, workers, integrations,
    async stop() {
      await workers.close();
      await retireSync(integrations);
      await sb.stop();
      await app.stop();
      await closeChangePublisher();
    },
  };
}
