// Outbound webhook receivers for bench:outbound, in a child process of their own: real receivers
// run elsewhere, and verifying ~2,000 signed requests a second inside the bench's own process would
// slow its event loop, which also drives (and times) the ingestion load it compares against.
//
// Parent side: startReceivers(specs) forks this file and returns each receiver's URL, and
// arrivals() asks the child for every event id each receiver got first, with when (epoch ms).
// Child side (run directly): one HTTP server per spec; each verifies every request with the svix
// library and answers 204 at once, or after `delayMs` for a slow receiver.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { setPriority } from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'svix';

export type ReceiverSpec = { secret: string; delayMs: number };
export type ReceiverArrivals = { arrivals: [string, number][]; invalid: number };
type Reply = { urls: string[] } | { arrivals: ReceiverArrivals[] } | { counts: number[] };

export type Receivers = {
  urls: string[];
  /** How many distinct events each receiver has got so far (cheap to ask often). */
  counts(): Promise<number[]>;
  arrivals(): Promise<ReceiverArrivals[]>;
  close(): void;
};

export async function startReceivers(specs: ReceiverSpec[]): Promise<Receivers> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // Lowest CPU priority: on a real deployment the receivers are other machines, so on this shared
  // box they should take only what Packr's API and worker leave over.
  try {
    setPriority(child.pid!, 19);
  } catch {
    // Not allowed here: the figures then include the receivers' share of the CPU.
  }
  // One question at a time (the bench asks in sequence); each removes its listeners when answered.
  const ask = <T extends Reply>(message: unknown) =>
    new Promise<T>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`receivers exited (${code})`));
      child.once('exit', exited);
      child.once('message', (reply) => {
        child.off('exit', exited);
        resolve(reply as T);
      });
      child.send(message as object);
    });
  const { urls } = await ask<{ urls: string[] }>({ start: specs });
  return {
    urls,
    counts: async () => (await ask<{ counts: number[] }>({ count: true })).counts,
    arrivals: async () => (await ask<{ arrivals: ReceiverArrivals[] }>({ report: true })).arrivals,
    close: () => child.kill(),
  };
}

function serve(spec: ReceiverSpec): Promise<{ url: string; state: { arrivals: Map<string, number>; invalid: number } }> {
  const verifier = new Webhook(spec.secret);
  const state = { arrivals: new Map<string, number>(), invalid: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      try {
        verifier.verify(Buffer.concat(chunks).toString('utf8'), headers);
      } catch {
        state.invalid++;
        res.writeHead(400).end();
        return;
      }
      if (!state.arrivals.has(headers['svix-id'])) state.arrivals.set(headers['svix-id'], at);
      if (spec.delayMs > 0) setTimeout(() => res.writeHead(204).end(), spec.delayMs);
      else res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, state })));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  let states: { arrivals: Map<string, number>; invalid: number }[] = [];
  process.on('message', async (message: { start?: ReceiverSpec[]; count?: boolean; report?: boolean }) => {
    if (message.start) {
      const started = await Promise.all(message.start.map(serve));
      states = started.map((s) => s.state);
      process.send!({ urls: started.map((s) => s.url) });
    } else if (message.count) {
      process.send!({ counts: states.map((s) => s.arrivals.size) });
    } else if (message.report) {
      process.send!({ arrivals: states.map((s) => ({ arrivals: [...s.arrivals], invalid: s.invalid })) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
