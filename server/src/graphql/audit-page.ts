// Keyset pages of the audit trail, newest first: (at, id) descending. The shared keyset helper
// (pagination.ts) keys rows by uuid; audit entries are numbered (bigserial), so their cursors are
// made here, the same way: opaque, carrying the last row's sort value and id and a fingerprint of
// the query, so a cursor replayed against another query is refused.
import { GraphQLError } from 'graphql';
import { db } from '../db.js';
import type { AuditLog, Prisma } from '../generated/prisma/client.js';
import { pageSize, queryFingerprint, type Connection, type PageArgs } from './pagination.js';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function encodeCursor(fingerprint: string, row: AuditLog): string {
  return Buffer.from(JSON.stringify([fingerprint, row.at.toISOString(), row.id.toString()])).toString('base64url');
}

function decodeCursor(cursor: string, fingerprint: string): { at: Date; id: bigint } {
  let parsed: unknown;
  try {
    if (cursor.length > 512) throw new Error('too long');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('Invalid cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw badInput('Invalid cursor');
  const [fp, at, id] = parsed as unknown[];
  if (fp !== fingerprint) throw badInput('This cursor belongs to a different query (field, brand or filter); start again without `after`');
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !/^\d{1,19}$/.test(id)) throw badInput('Invalid cursor');
  return { at: new Date(at), id: BigInt(id) };
}

/** One page of entries matching `where` (which must carry the tenant scope), newest first. */
export async function auditConnection(args: PageArgs, where: Prisma.AuditLogWhereInput, fingerprint: unknown): Promise<Connection<AuditLog>> {
  const first = pageSize(args);
  const fp = queryFingerprint(fingerprint);
  const cursor = args.after != null ? decodeCursor(args.after, fp) : undefined;
  const rows = first === 0 ? [] : await db.auditLog.findMany({
    where: cursor ? { AND: [where, { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] }] } : where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: first + 1,
  });
  const edges = rows.slice(0, first).map((node) => ({ node, cursor: encodeCursor(fp, node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
