// A worker as its own OS process, for the kill test: the test SIGKILLs it mid-backfill and starts
// another. Configuration comes from the environment the test passes (database, Redis, sandbox URL).
import { TrackstarClient } from '../../src/trackstar/client.js';
import { startWorkers } from '../../src/worker.js';

const readsPerSecond = Number(process.env.SYNC_TEST_READS_PER_SECOND ?? 8);
// Short locks so the next process recovers the killed one's job quickly.
const workers = await startWorkers({
  sync: { client: new TrackstarClient({ readsPerSecond }), lockDurationMs: 2_000, stalledIntervalMs: 1_000, busyRetryMs: 300 },
});
process.stdout.write(`${JSON.stringify({ msg: 'worker ready', pid: process.pid })}\n`);
process.on('SIGTERM', () => {
  void workers.close().then(() => process.exit(0));
});
