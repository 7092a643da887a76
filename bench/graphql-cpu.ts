// CPU per orders-page request measured in-process (yoga.fetch, BENCH_IN_FLIGHT requests in flight, default 8), for
// comparing changes on a busy shared machine where req/s is meaningless. Needs the bench
// database seeded by bench:graphql and a key of the brands' 3PL:
//   DATABASE_URL=.../packr_bench_graphql tsx bench/graphql-cpu.ts <apiKey> [requests]
import { buildApp } from '../server/src/http/app.js';
import { db } from '../server/src/db.js';
import { pool } from '../server/src/pg.js';
import { ORDERS_PAGE_QUERY } from './support/orders-query.js';

const [key, count = '600'] = process.argv.slice(2);
const app = buildApp();
const brands = (await pool.query<{ id: string }>('SELECT id::text FROM brand')).rows.map((r) => Buffer.from(`Brand:${r.id}`).toString('base64'));
let n = 0;
async function one(): Promise<void> {
  const res = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: process.env.BENCH_QUERY ?? ORDERS_PAGE_QUERY, variables: { brandId: brands[n++ % brands.length] } }),
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(text.slice(0, 300));
}
async function run(total: number): Promise<void> {
  let left = total;
  await Promise.all(Array.from({ length: Number(process.env.BENCH_IN_FLIGHT ?? 8) }, async () => {
    while (left-- > 0) await one();
  }));
}
await run(300); // warm-up
for (let round = 0; round < 3; round++) {
  const before = process.cpuUsage();
  await run(Number(count));
  const used = process.cpuUsage(before);
  console.log(`CPU ${((used.user + used.system) / 1000 / Number(count)).toFixed(2)} ms/request (user ${(used.user / 1000 / Number(count)).toFixed(2)})`);
}
await db.$disconnect();
await pool.end();
process.exit(0);
