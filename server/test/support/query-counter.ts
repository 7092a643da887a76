// Counts the SQL statements Packr sends to PostgreSQL while a callback runs. It wraps
// pg.Client#query (which Prisma's pg adapter and the raw pool both use) and calls straight
// through: nothing is mocked, the statements still run.
import pg from 'pg';

export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push(typeof first === 'string' ? first : (first?.text ?? '?'));
    return original.apply(this, args);
  };
  try {
    const result = await fn();
    return { result, count: statements.length, statements };
  } finally {
    proto.query = original;
  }
}
