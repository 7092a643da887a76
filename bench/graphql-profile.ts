// Profiling aid for bench:graphql: drives only the orders page against the API (already seeded
// bench database) for BENCH_DURATION seconds and prints API CPU ms/request. Run the API with
// `node --cpu-prof --import tsx bench/graphql-server.ts` and pass its url, pid and a key:
//   tsx bench/graphql-profile.ts <url> <pid> <apiKey> <brandGlobalId>
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { ORDERS_PAGE_QUERY } from './support/orders-query.js';

const [url, pid, key, ...brands] = process.argv.slice(2);
const cpuMs = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const QUERY = process.env.BENCH_QUERY ?? ORDERS_PAGE_QUERY;
let n = 0;
const before = cpuMs();
const result = await autocannon({
  url: `${url}/graphql`,
  connections: 32,
  duration: Number(process.env.BENCH_DURATION ?? 5),
  requests: [{ method: 'POST', setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ query: QUERY, variables: { brandId: brands[n++ % brands.length] } }) }) }],
  headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
});
const used = cpuMs() - before;
console.log(`${result.requests.total} requests, ${result.non2xx} non-2xx, ${(result.requests.total / result.duration).toFixed(0)} req/s, p99 ${result.latency.p99} ms, API CPU ${(used / result.requests.total).toFixed(2)} ms/request`);
