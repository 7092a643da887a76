// EXPLAIN (ANALYZE, BUFFERS) of exactly the SQL a GraphQL operation runs: the driver's query
// method is wrapped (node-postgres, under both the raw pool and Prisma's adapter) so one request,
// executed in this process, records its statements with their parameters; each read is then
// explained on a separate connection with the same parameters. Writes are never explained.
import pg from 'pg';

type Recorded = { text: string; values: unknown[] };

let recording: Recorded[] | null = null;
const original = pg.Client.prototype.query;

/** Call before anything opens a connection. */
export function installStatementRecorder(): void {
  pg.Client.prototype.query = function (this: pg.Client, config: any, values?: any, callback?: any) {
    if (recording) {
      const text = typeof config === 'string' ? config : config?.text;
      const params = Array.isArray(values) ? values : (config?.values ?? []);
      if (typeof text === 'string') recording.push({ text, values: params });
    }
    return (original as any).call(this, config, values, callback);
  } as typeof original;
}

/** Runs `operation` while recording; returns the read statements it ran (deduplicated). */
export async function recordStatements(operation: () => Promise<unknown>): Promise<Recorded[]> {
  recording = [];
  try {
    await operation();
    const reads = recording.filter((r) => /^\s*(SELECT|WITH)\b/i.test(r.text) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(r.text));
    return [...new Map(reads.map((r) => [r.text, r])).values()];
  } finally {
    recording = null;
  }
}

export async function explain(url: string, statements: Recorded[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const plans: string[] = [];
    for (const s of statements) {
      try {
        const { rows } = await (original as any).call(client, { text: `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, values: s.values }) as { rows: { 'QUERY PLAN': string }[] };
        plans.push(`${s.text.trim()}\n-- parameters: ${JSON.stringify(s.values).slice(0, 400)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      } catch (error) {
        plans.push(`${s.text.trim()}\n-- EXPLAIN failed: ${(error as Error).message}`);
      }
    }
    return plans;
  } finally {
    await client.end();
  }
}
