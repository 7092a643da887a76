// A worker as its own OS process for the metrics tests: publishes its metrics snapshot often and
// with a short TTL, so a test sees it appear, summed with others, and vanish after a SIGKILL
// within seconds. Configuration comes from the environment the test passes (database, Redis,
// TRACKSTAR_BASE_URL / TRACKSTAR_API_KEY of the test's sandbox).
import { TrackstarClient } from '../../src/trackstar/client.js';
import { startWorkers } from '../../src/worker.js';

const readsPerSecond = Number(process.env.SYNC_TEST_READS_PER_SECOND ?? 8);
const workers = await startWorkers({
  sync: { client: new TrackstarClient({ readsPerSecond }), busyRetryMs: 300 },
  metrics: { everyMs: Number(process.env.METRICS_TEST_EVERY_MS ?? 300), ttlMs: Number(process.env.METRICS_TEST_TTL_MS ?? 1_500) },
});
process.stdout.write(`${JSON.stringify({ msg: 'worker ready', pid: process.pid })}\n`);
process.on('SIGTERM', () => {
  void workers.close().then(() => process.exit(0));
});
