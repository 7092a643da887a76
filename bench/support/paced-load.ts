// An open-loop load generator: requests leave at a fixed arrival rate whatever the server does,
// and each latency is measured from the request's scheduled departure (so a stalled server or a
// late timer shows up as latency instead of silently lowering the rate: no coordinated omission).
// autocannon's rate limit works differently: each connection sends back-to-back until its
// per-second quota is spent, then idles until the next second, so "500/s over 50 connections"
// arrives as a saturating burst at the start of every second.
//
// The generator shares the machine with the server it measures, so it is kept lean: requests are
// serialized to bytes before the clock starts and written on raw keep-alive sockets (one request
// in flight per socket, a new socket when all are busy), and responses are parsed only as far as
// the status line and Content-Length. node:http's client cost about four times as much CPU per
// request, CPU that the server under test then did not have.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export type PacedRequest = { method: string; path: string; headers?: Record<string, string>; body?: string };
export type PacedResult = { sent: number; latencies: number[]; errors: number; non2xx: number; seconds: number };

const TIMEOUT_MS = 10_000;

/** The request as bytes on the wire (HTTP/1.1, keep-alive). */
export function encodeRequest(host: string, r: PacedRequest): Buffer {
  const body = r.body === undefined ? null : Buffer.from(r.body);
  const headers = { host, connection: 'keep-alive', ...(body ? { 'content-length': String(body.length) } : {}), ...r.headers };
  const head = `${r.method} ${r.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return body ? Buffer.concat([Buffer.from(head), body]) : Buffer.from(head);
}

type Pending = { scheduledAt: number; onDone: (status: number | null) => void };

/** One keep-alive connection with at most one request in flight. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly socket: net.Socket;
  broken = false;

  constructor(port: number, host: string, private readonly onIdle: (c: Connection) => void) {
    this.socket = net.connect({ port, host, noDelay: true });
    this.socket.on('data', (chunk) => this.read(chunk));
    this.socket.on('error', () => this.fail());
    this.socket.on('close', () => this.fail());
  }

  get idle(): boolean {
    return !this.pending && !this.broken;
  }

  send(bytes: Buffer, pending: Pending): void {
    this.pending = pending;
    this.timer = setTimeout(() => this.fail(), TIMEOUT_MS);
    this.socket.write(bytes);
  }

  private read(chunk: Buffer): void {
    if (!this.pending) return; // nothing asked: not an answer to anything
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffer.toString('latin1', 0, headEnd);
    let end: number;
    if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      // Small JSON answers: wait for the last chunk rather than walking the chunk sizes.
      const last = this.buffer.indexOf('0\r\n\r\n', headEnd + 4);
      if (last < 0) return;
      end = last + 5;
    } else {
      end = headEnd + 4 + Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    }
    if (this.buffer.length < end) return; // body still arriving
    this.buffer = this.buffer.subarray(end);
    const status = Number(head.slice(9, 12));
    this.finish(status);
    this.onIdle(this);
  }

  private finish(status: number | null): void {
    if (this.timer) clearTimeout(this.timer);
    const p = this.pending;
    this.pending = null;
    p?.onDone(status);
  }

  private fail(): void {
    if (this.broken) return;
    this.broken = true;
    this.socket.destroy();
    this.finish(null);
  }
}

export function pacedLoad(options: { url: string; rate: number; seconds: number; next: () => PacedRequest }): Promise<PacedResult> {
  const target = new URL(options.url);
  const port = Number(target.port);
  const hostHeader = target.host;
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  // Serialized before the clock starts: encoding is the generator's work, not the server's.
  const requests = Array.from({ length: total }, () => encodeRequest(hostHeader, options.next()));
  const result: PacedResult = { sent: 0, latencies: [], errors: 0, non2xx: 0, seconds: options.seconds };
  const idle: Connection[] = [];
  const all: Connection[] = [];
  let finished = 0;

  return new Promise((resolve) => {
    const onIdle = (c: Connection) => idle.push(c);
    const fire = (bytes: Buffer, scheduledAt: number) => {
      result.sent++;
      let c = idle.pop();
      while (c && !c.idle) c = idle.pop();
      if (!c) {
        c = new Connection(port, target.hostname, onIdle);
        all.push(c);
      }
      c.send(bytes, {
        scheduledAt,
        onDone: (status) => {
          if (status === null) result.errors++;
          else {
            result.latencies.push(performance.now() - scheduledAt);
            if (status < 200 || status >= 300) result.non2xx++;
          }
          if (++finished === total) {
            all.forEach((conn) => conn.socket.destroy());
            resolve(result);
          }
        },
      });
    };
    const start = performance.now();
    let i = 0;
    const tick = () => {
      // Send everything whose time has come (a late timer catches up; its lateness counts as latency).
      const now = performance.now();
      while (i < total && start + i * interval <= now) {
        fire(requests[i], start + interval * i);
        i++;
      }
      if (i < total) setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    tick();
  });
}
