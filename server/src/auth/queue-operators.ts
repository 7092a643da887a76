// Who may open the queue board (/admin/queues). BullMQ's queues hold every tenant's jobs, so the
// board is a tool of whoever runs the deployment, not of a tenant: only OWNERs and ADMINs of a
// tenant allowed to operate the deployment get in. Those tenants are listed in
// ADMIN_QUEUE_TENANTS; when it is empty, the one tenant of a single-tenant database is (a 3PL
// running its own Packr, npm start's demo), and nobody is once a second tenant exists: a new
// tenant never silently gains, and an existing one never silently keeps, a view of the others' jobs.
import type { MembershipRole } from '../generated/prisma/client.js';
import { pool } from '../pg.js';

export const OPERATOR_SETTING = 'ADMIN_QUEUE_TENANTS';

export type OperatorVerdict =
  | { allowed: true; threePLId: string }
  | { allowed: false; status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

export type KeyFacts = { threePLId: string; role: MembershipRole | null; revoked: boolean };

/**
 * The rule on its own: a key's facts, the configured tenants and how many tenants exist (only
 * "one" or "more" matters) decide.
 */
export function judgeQueueOperator(key: KeyFacts | null, configuredTenants: readonly string[], tenantCount: number): OperatorVerdict {
  if (!key || key.revoked) return { allowed: false, status: 401, code: 'UNAUTHENTICATED', message: 'API key is invalid or revoked' };
  if (key.role !== 'OWNER' && key.role !== 'ADMIN') {
    return { allowed: false, status: 403, code: 'FORBIDDEN', message: 'Not authorized: the queue board is for OWNER and ADMIN only' };
  }
  if (configuredTenants.length > 0) {
    if (configuredTenants.includes(key.threePLId.toLowerCase())) return { allowed: true, threePLId: key.threePLId };
    return {
      allowed: false, status: 403, code: 'FORBIDDEN',
      message: `Not authorized: the queue board shows every tenant's jobs, and this tenant is not listed in ${OPERATOR_SETTING}`,
    };
  }
  if (tenantCount === 1) return { allowed: true, threePLId: key.threePLId };
  return {
    allowed: false, status: 403, code: 'FORBIDDEN',
    message: `Not authorized: the queue board shows every tenant's jobs; with more than one tenant, set ${OPERATOR_SETTING} to the ids of the tenants that operate this deployment`,
  };
}

type KeyRow = { threePLId: string; revoked: boolean; role: MembershipRole | null; tenants: number };

/** Looks the key up by id (sessions hold the id, never the key) and judges it; one round trip. */
export async function queueOperatorVerdict(apiKeyId: string, configuredTenants: readonly string[]): Promise<OperatorVerdict> {
  const { rows } = await pool.query<KeyRow>(
    `SELECT k."threePLId"::text AS "threePLId", k."revokedAt" IS NOT NULL AS revoked,
            (SELECT m.role::text FROM membership m WHERE m."userId" = k."userId" AND m."threePLId" = k."threePLId") AS role,
            (SELECT count(*) FROM (SELECT 1 FROM three_pl LIMIT 2) AS t)::int AS tenants
       FROM api_key k
      WHERE k.id = $1::uuid`,
    [apiKeyId],
  );
  const row = rows[0];
  return judgeQueueOperator(row ? { threePLId: row.threePLId, role: row.role, revoked: row.revoked } : null, configuredTenants, row?.tenants ?? 0);
}
