// All sandbox state: connections (each with its own generated dataset), link tokens and auth codes.
import { randomBytes } from 'node:crypto';
import {
  READ_FUNCTIONS, RESOURCES, type Connection, type ResourceKey,
} from '../../trackstar-contract/contract.js';
import { datasetFromJSON, type Dataset, type DatasetJSON } from './dataset.js';
import { generateDataset } from './generate/index.js';
import { findIntegration, type Integration, type SandboxFunction } from './integrations.js';
import { Random, hashSeed } from './random.js';
import { iso } from './time.js';

export type StoredConnectionError = {
  error_message: string;
  affected_endpoints: { endpoint: string; preventing_sync: boolean }[];
  first_seen: string;
  last_seen: string;
};

export type ConnectionState = {
  id: string;
  accessToken: string;
  integrationName: string;
  customerId: string | null;
  createdAt: string;
  lastUsed: string | null;
  timesUsed: number;
  webhooksDisabled: boolean;
  /** Per-connection webhook URL; falls back to the sandbox's. */
  webhookUrl: string | null;
  seed: number;
  availableActions: SandboxFunction[];
  data: Dataset;
  /** Set once connection.historical-sync-completed went out; no resource webhooks before. */
  historicalSyncDone: boolean;
  crawls: Partial<Record<string, { start: string; end: string | null }>>;
  errors: StoredConnectionError[];
  /** Activity and write randomness; reseeded on load, so not part of the saved state. */
  rng: Random;
};

export type StoreOptions = { seed: number; products: number; orders: number; now: () => number };

export class Store {
  readonly connections = new Map<string, ConnectionState>();
  /**
   * Deleted connections, kept so a reinstall can restore them (see Core.connect). Not listed, not
   * reachable by token; only POST /link/token + /link/exchange with their id brings them back.
   */
  private readonly deleted = new Map<string, ConnectionState>();
  private readonly byToken = new Map<string, string>();
  /** Counts connections ever created; each one's dataset seed derives from (base seed, index). */
  private created = 0;

  constructor(readonly options: StoreOptions) {}

  get(id: string): ConnectionState | undefined {
    return this.connections.get(id);
  }

  byAccessToken(token: string): ConnectionState | undefined {
    const id = this.byToken.get(token);
    return id ? this.connections.get(id) : undefined;
  }

  /** A new connection with a freshly generated dataset (its own seed). */
  create(integration: Integration, customerId: string | null, fixed?: { id: string; accessToken: string; seed: number }): ConnectionState {
    const index = this.created++;
    const seed = fixed?.seed ?? hashSeed(this.options.seed, 'connection', index);
    const rng = new Random(seed);
    const conn: ConnectionState = {
      id: fixed?.id ?? rng.uuid(),
      accessToken: fixed?.accessToken ?? `trackstar_sbx_${randomBytes(24).toString('hex')}`,
      integrationName: integration.name,
      customerId,
      createdAt: iso(this.options.now()),
      lastUsed: null,
      timesUsed: 0,
      webhooksDisabled: false,
      webhookUrl: null,
      seed,
      availableActions: integration.availableActions,
      data: this.generate(seed),
      historicalSyncDone: false,
      crawls: {},
      errors: [],
      rng: new Random(hashSeed(seed, 'activity')),
    };
    this.connections.set(conn.id, conn);
    this.byToken.set(conn.accessToken, conn.id);
    return conn;
  }

  generate(seed: number): Dataset {
    return generateDataset({ seed, now: this.options.now(), products: this.options.products, orders: this.options.orders }).data;
  }

  /** Fresh generated records for an existing connection (generate-sandbox is idempotent). */
  reset(conn: ConnectionState): void {
    conn.data = this.generate(conn.seed);
    conn.rng = new Random(hashSeed(conn.seed, 'activity'));
    conn.historicalSyncDone = false;
    conn.crawls = {};
  }

  delete(conn: ConnectionState): void {
    this.connections.delete(conn.id);
    this.byToken.delete(conn.accessToken);
    this.deleted.set(conn.id, conn);
  }

  /** A deleted connection that a reinstall may restore. */
  getDeleted(id: string): ConnectionState | undefined {
    return this.deleted.get(id);
  }

  /**
   * Brings a deleted connection back with its id and data. The old access token was revoked by the
   * delete, so the restored connection gets a new one.
   */
  restore(id: string): ConnectionState | undefined {
    const conn = this.deleted.get(id);
    if (!conn) return undefined;
    this.deleted.delete(id);
    conn.accessToken = `trackstar_sbx_${randomBytes(24).toString('hex')}`;
    this.connections.set(conn.id, conn);
    this.byToken.set(conn.accessToken, conn.id);
    return conn;
  }

  /** The connection as GET /connections shows it (spec `Connection`, every key present). */
  view(conn: ConnectionState): Connection {
    const reads = READ_FUNCTIONS.filter((f) => conn.availableActions.includes(f));
    // A function is in error when an error's endpoints name it (rejected credentials name them all).
    const broken = (fn: string) => {
      const path = Object.values(RESOURCES).find((r) => r.functionName === fn)?.listPath;
      return conn.errors.some((e) => e.affected_endpoints.some((a) => a.preventing_sync && a.endpoint === `GET ${path}`));
    };
    const frequency = (fn: string) =>
      Object.values(RESOURCES).find((r) => r.functionName === fn)?.syncFrequency ?? 3600;
    const schedules = reads.map((fn) => {
      const crawl = conn.crawls[fn];
      return {
        function_name: fn,
        latest_sync: crawl?.end ?? null,
        last_crawl_start: crawl?.start ?? null,
        last_crawl_end: crawl?.end ?? null,
        sync_frequency: frequency(fn),
        in_progress: !conn.historicalSyncDone || (!!crawl && crawl.end === null),
        sync_status: broken(fn) ? 'error' as const : !conn.historicalSyncDone ? 'first_sync_in_progress' as const
          : crawl && crawl.end === null ? 'sync_in_progress' as const : 'enabled' as const,
      };
    });
    const latest = schedules.map((s) => s.latest_sync).filter((d): d is string => !!d).sort().at(-1) ?? null;
    return {
      connection_id: conn.id,
      integration_name: conn.integrationName,
      customer_id: conn.customerId,
      created_at: conn.createdAt,
      last_used: conn.lastUsed,
      times_used: conn.timesUsed,
      latest_sync: latest,
      sync_schedules: schedules,
      errors: conn.errors.map((e) => ({ ...e, affected_endpoints: e.affected_endpoints.map((a) => ({ ...a })) })),
      available_actions: [...conn.availableActions],
      available_endpoints: [...conn.availableActions],
      integration_type: 'wms',
      webhooks_disabled: conn.webhooksDisabled,
    };
  }

  integrationOf(conn: ConnectionState): Integration {
    return findIntegration(conn.integrationName) ?? findIntegration('sandbox')!;
  }

  /** Every record of every resource, for state files and the test-truth endpoint. */
  toJSON(): StoreJSON {
    const save = ({ rng: _rng, data, ...rest }: ConnectionState) => ({
      ...rest,
      data: Object.fromEntries(Object.entries(data).map(([k, c]) => [k, c.toJSON()])) as DatasetJSON,
    });
    return { created: this.created, connections: [...this.connections.values()].map(save), deleted: [...this.deleted.values()].map(save) };
  }

  load(json: StoreJSON): void {
    this.connections.clear();
    this.deleted.clear();
    this.byToken.clear();
    this.created = json.created;
    const revive = (c: SavedConnection): ConnectionState => ({ ...c, data: datasetFromJSON(c.data), rng: new Random(hashSeed(c.seed, 'activity', Date.now())) });
    for (const c of json.connections) {
      const conn = revive(c);
      this.connections.set(conn.id, conn);
      this.byToken.set(conn.accessToken, conn.id);
    }
    // State files written before deleted connections were kept have no `deleted` key.
    for (const c of json.deleted ?? []) this.deleted.set(c.id, revive(c));
  }
}

type SavedConnection = Omit<ConnectionState, 'rng' | 'data'> & { data: DatasetJSON };

export type StoreJSON = {
  created: number;
  connections: SavedConnection[];
  deleted?: SavedConnection[];
};

export type { ResourceKey };
