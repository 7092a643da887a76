// createSandbox(): the Trackstar simulator as an embeddable object. Tests and Packr's `npm start`
// create one, start it on a port (0 = any free port) and talk to it over real HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExchangeResponse, WebhookEnvelope } from '../../trackstar-contract/contract.js';
import { ActivityClock } from './activity.js';
import { Core } from './core.js';
import type { FaultRequest } from './faults.js';
import { createHandler } from './handler.js';
import { Router } from './http.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import { PageTokens } from './pagination.js';
import { StateFile } from './persist.js';
import { connectRoutes } from './routes/connect.js';
import { connectionRoutes } from './routes/connections.js';
import { readRoutes } from './routes/reads.js';
import { sandboxRoutes } from './routes/sandbox.js';
import { writeRoutes } from './routes/writes.js';
import type { ConnectionState } from './store.js';
import type { Delivery } from './webhooks.js';

export type { SandboxOptions } from './options.js';

export type Sandbox = ReturnType<typeof createSandbox>;

export function createSandbox(input: SandboxOptions = {}) {
  const options = resolveOptions(input);
  const core = new Core(options);
  const activity = new ActivityClock(core);
  const tokens = new PageTokens(`${options.apiKey}:${options.seed}:page-tokens`);
  const router = new Router()
    .add(...connectionRoutes(core))
    .add(...readRoutes(core, tokens))
    .add(...writeRoutes(core))
    .add(...sandboxRoutes(core, activity));
  router.add(...connectRoutes(core, () => router.functionEndpoints()));
  const handle = createHandler(core, router);
  const stateFile = options.stateFile ? new StateFile(options.stateFile, core.store) : null;
  if (stateFile) {
    if (stateFile.load()) {
      options.logLine(`loaded state from ${options.stateFile} (${core.store.connections.size} connections)`);
      // A restart during a connection's initial sync finishes that sync.
      for (const c of core.store.connections.values()) if (!c.historicalSyncDone) core.startHistoricalSync(c);
    }
    core.onChange = () => stateFile.schedule();
  }
  let server: Server | null = null;
  let url: string | null = null;

  const exchange = (c: ConnectionState): ExchangeResponse => ({
    access_token: c.accessToken, connection_id: c.id, integration_name: c.integrationName, customer_id: c.customerId,
    available_actions: [...c.availableActions], available_endpoints: [...c.availableActions],
  });
  const connection = (id: string): ConnectionState => {
    const c = core.store.get(id);
    if (!c) throw new Error(`unknown connection ${id}`);
    return c;
  };

  return {
    options,
    core,
    store: core.store,
    handle,
    get url(): string {
      if (!url) throw new Error('sandbox not started');
      return url;
    },
    get apiKey(): string {
      return options.apiKey;
    },
    /** The whsec_ secret webhooks are signed with (generated when not given). */
    get webhookSecret(): string {
      return options.webhookSecret;
    },

    async start(port = 0, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
      if (server) throw new Error('sandbox already started');
      const s = createServer((req, res) => void handle(req, res));
      s.keepAliveTimeout = 5000;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => resolve());
      });
      server = s;
      const address = s.address() as AddressInfo;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      core.publicUrl = options.publicUrl ?? url;
      if (options.activity) activity.start(options.activity.intervalMs, options.activity.steps);
      return { url, port: address.port };
    },

    async stop(): Promise<void> {
      activity.stop();
      core.stop();
      if (server) {
        const s = server;
        server = null;
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      if (stateFile) await stateFile.save();
    },

    /** POST /sandbox/generate-sandbox/wms without HTTP. */
    generateSandbox: (): ExchangeResponse => exchange(core.generateSandbox()),
    /** A Link install without the browser: a new connection of the given simulated integration. */
    connect(integrationName = 'sandbox', customerId: string | null = null): ExchangeResponse {
      const integration = core.integrations.find((i) => i.name === integrationName);
      if (!integration) throw new Error(`unknown integration ${integrationName}`);
      return exchange(core.connect(integration, customerId));
    },
    /** Runs activity steps synchronously (every live connection, or one); returns what happened. */
    tick: (steps = 1, connectionId?: string): string[] => activity.tick(steps, connectionId),
    startActivity: (intervalMs = 2000, steps = 1) => activity.start(intervalMs, steps),
    stopActivity: () => activity.stop(),
    setFaults(req: FaultRequest): void {
      core.faults.set(req);
      core.syncCredentialErrors();
    },
    setWebhookUrl(target: string | null, connectionId?: string): void {
      if (connectionId) connection(connectionId).webhookUrl = target;
      else core.webhookUrl = target;
    },
    /** Every event emitted (delivered or not), oldest first. */
    get events(): WebhookEnvelope[] {
      return core.events.log.map((e) => e.envelope);
    },
    get deliveries(): Delivery[] {
      return core.dispatcher.deliveries;
    },
    /** Resolves when no webhook is queued, in flight or waiting to retry. */
    webhooksIdle: (): Promise<void> => core.dispatcher.idle(),
    connection,
    save: (): Promise<void> => stateFile?.save() ?? Promise.resolve(),
  };
}
