// Test support for the sync engine: a sandbox on port 0 whose request log is kept (to count
// requests, 429s and page-token fetches), the Link flow, and polling helpers.
import { randomUUID } from 'node:crypto';
import { syncQueue } from '../../src/jobs/queues.js';
import { createSandbox, type SandboxOptions } from '../../../sandbox/src/server.js';
import { tokenBox } from '../../src/crypto/token-box.js';
import { db } from '../../src/db.js';
import type { SyncResource } from '../../src/generated/prisma/enums.js';
import { pageFingerprint } from '../../src/sync/runner.js';
import { configureTrackstar } from '../../src/trackstar/client.js';

export type RequestLine = { at: number; method: string; path: string; query: URLSearchParams; status: number | 'timeout'; line: string };

export async function startTestSandbox(options: SandboxOptions = {}) {
  const requests: RequestLine[] = [];
  const sandbox = createSandbox({
    // A seed per sandbox: connection ids derive from it, and test files share one database.
    seed: randomUUID(), orders: 300, products: 60, historicalSyncDelayMs: 20, webhookUrl: null,
    ...options,
    log: (line) => {
      // "<METHOD> <path?query> <status> <ms>ms ..." or "<METHOD> <path?query> timeout (fault) ..."
      const m = /^([A-Z]+) (\S+) (\d{3}|timeout)/.exec(line);
      if (!m) return;
      const url = new URL(m[2], 'http://sandbox');
      requests.push({ at: Date.now(), method: m[1], path: url.pathname, query: url.searchParams, status: m[3] === 'timeout' ? 'timeout' : Number(m[3]), line });
    },
  });
  const { url } = await sandbox.start(0);
  configureTrackstar({ baseUrl: url, apiKey: sandbox.apiKey });
  return {
    sandbox,
    url,
    requests,
    async admin(method: string, path: string, body?: unknown) {
      const res = await fetch(url + path, {
        method,
        headers: { 'x-trackstar-api-key': sandbox.apiKey, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as any };
    },
    /** What the browser's Link modal does: turns a link token into an auth code. */
    async authorize(linkToken: string, integrationName = 'sandbox'): Promise<string> {
      const res = await fetch(`${url}/sandbox/link/authorize`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ link_token: linkToken, integration_name: integrationName }),
      });
      const json = (await res.json()) as { auth_code?: string };
      if (!json.auth_code) throw new Error(`authorize failed: ${res.status} ${JSON.stringify(json)}`);
      return json.auth_code;
    },
    async stop() {
      configureTrackstar(null);
      await sandbox.stop();
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Resolves when every sync state of the integration finished a run after `since` (or is paused). */
export function syncsSettled(integrationId: string, since: Date, timeoutMs = 60_000) {
  return waitFor('syncs to settle', async () => {
    const states = await db.syncState.findMany({ where: { integrationId } });
    const done = states.length > 0 && states.every((s) => s.status === 'PAUSED' || (s.status === 'SUCCEEDED' && s.runStartedAt === null && s.lastSucceededAt !== null && s.lastSucceededAt >= since));
    return done ? states : null;
  }, timeoutMs);
}

/**
 * How often each page of a list was served successfully, keyed by page fingerprint in the order the
 * pages were first served: shows whether a resumed run fetched committed pages again.
 */
export function pagesServed(lines: RequestLine[], path: string): Map<string, number> {
  const served = new Map<string, number>();
  for (const r of lines.filter((r) => r.path === path && r.status === 200)) {
    const key = pageFingerprint(r.query.get('page_token'));
    served.set(key, (served.get(key) ?? 0) + 1);
  }
  return served;
}

/** The largest number of requests seen in any sliding window of `windowMs` (one second by default). */
export function peakPerSecond(lines: RequestLine[], windowMs = 1000): number {
  const times = lines.map((l) => l.at).sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

const attached: string[] = [];

/**
 * A connection made without the Link UI (sandbox.connect), stored the way connectTrackstar stores
 * it: ACTIVE, token sealed, one SyncState per given resource. No jobs are queued.
 */
export async function attachConnection(
  brandId: string,
  exchange: { access_token: string; connection_id: string; integration_name: string; available_actions: string[] },
  resources: SyncResource[],
  config: Record<string, unknown> = {},
) {
  const integration = await db.brandIntegration.create({
    data: {
      brandId, status: 'ACTIVE', accessToken: tokenBox().seal(exchange.access_token), connectionId: exchange.connection_id,
      integrationName: exchange.integration_name, availableActions: exchange.available_actions, connectedAt: new Date(), config: config as object,
    },
  });
  await db.syncState.createMany({ data: resources.map((resource) => ({ integrationId: integration.id, resource })) });
  attached.push(integration.id);
  return integration;
}

/**
 * End of a test file: its integrations stop being ACTIVE (so a later file's workers do not restore
 * their schedulers) and the sync queue is emptied.
 */
export async function retireSync(integrationIds: string[] = []): Promise<void> {
  await db.brandIntegration.updateMany({ where: { id: { in: [...attached, ...integrationIds] } }, data: { status: 'DISCONNECTED' } });
  await syncQueue().obliterate({ force: true }).catch(() => {});
}
