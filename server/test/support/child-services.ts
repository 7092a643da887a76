// Test support: real API and worker processes (npm run api / worker entry points) and a private
// redis-server, so outage and multi-instance tests never touch anyone else's services.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type Child = { process: ChildProcess; url: string | null; output: string[]; stop(): Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `tsx <entry>` with the test environment plus overrides; resolves once it says `ready`. */
export function startNodeService(entry: string, env: Record<string, string>, ready: RegExp, timeoutMs = 30_000, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`${entry} did not start:\n${output.join('').slice(-2_000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const match = ready.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ process: child, url: match[1] ?? null, output, stop: () => stopChild(child) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output.join('').slice(-2_000)}`));
    });
  });
}

/** The API process; resolves with its base URL. (Pino may write `url` before or after `msg`.) */
export const startApi = (env: Record<string, string>, nodeArgs: string[] = []) =>
  startNodeService('server/src/main.ts', { PORT: '0', ...env }, /^(?=.*"msg":"api started")(?=.*"url":"(http:\/\/[^"]+?)\/graphql").*$/m, 30_000, nodeArgs);

/** The worker process (sync + webhook workers, sweeper, relay). */
export const startWorkerProcess = (env: Record<string, string>) => startNodeService('server/src/worker.ts', env, /"msg":"workers started"/);

/** A throwaway redis-server without persistence on its own port. */
export async function startRedis(port: number): Promise<Child> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output.join('')}`)), 10_000);
    child.stdout!.on('data', (c: Buffer) => {
      output.push(c.toString());
      if (/Ready to accept connections/.test(output.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output.join('')}`)));
  });
  return { process: child, url: `redis://127.0.0.1:${port}`, output, stop: () => stopChild(child) };
}
