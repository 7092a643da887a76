// The API as its own process for bench:graphql, so the load generator does not share its event
// loop. Prints {"url": ...} once listening; stops on SIGTERM.
import { buildApp } from '../server/src/http/app.js';
import { db } from '../server/src/db.js';

const app = buildApp();
const { url } = await app.start(0, '127.0.0.1');
console.log(JSON.stringify({ url }));

process.on('SIGTERM', async () => {
  await app.stop();
  await db.$disconnect();
  process.exit(0);
});
