// The queue board's rule on its own: role, configured operating tenants, and the single-tenant default.
import { describe, expect, it } from 'vitest';
import { judgeQueueOperator, type KeyFacts } from './queue-operators.js';

const A = '0b7f6d4e-1c2a-4b3c-8d9e-0f1a2b3c4d5e';
const B = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const key = (role: KeyFacts['role'], threePLId = A, revoked = false): KeyFacts => ({ role, threePLId, revoked });

describe('judgeQueueOperator', () => {
  it('lets in OWNER and ADMIN of the only tenant when nothing is configured (npm start, a single-3PL install)', () => {
    expect(judgeQueueOperator(key('OWNER'), [], 1)).toEqual({ allowed: true, threePLId: A });
    expect(judgeQueueOperator(key('ADMIN'), [], 1)).toEqual({ allowed: true, threePLId: A });
  });

  it('lets nobody in by default once a second tenant exists, and names the setting', () => {
    const verdict = judgeQueueOperator(key('OWNER'), [], 2);
    expect(verdict).toMatchObject({ allowed: false, status: 403, code: 'FORBIDDEN' });
    expect(!verdict.allowed && verdict.message).toContain('ADMIN_QUEUE_TENANTS');
  });

  it('with ADMIN_QUEUE_TENANTS, only the listed tenants, whatever the tenant count', () => {
    expect(judgeQueueOperator(key('OWNER', A), [A], 5)).toEqual({ allowed: true, threePLId: A });
    expect(judgeQueueOperator(key('OWNER', B), [A], 5)).toMatchObject({ allowed: false, status: 403 });
    expect(judgeQueueOperator(key('OWNER', B), [A], 1)).toMatchObject({ allowed: false, status: 403 });
    expect(judgeQueueOperator(key('ADMIN', A.toUpperCase()), [A], 5)).toMatchObject({ allowed: true });
  });

  it('never OPERATOR or brand viewers; a missing or revoked key is unauthenticated', () => {
    expect(judgeQueueOperator(key('OPERATOR'), [A], 1)).toMatchObject({ allowed: false, status: 403 });
    expect(judgeQueueOperator(key(null), [A], 1)).toMatchObject({ allowed: false, status: 403 });
    expect(judgeQueueOperator(key('OWNER', A, true), [A], 1)).toMatchObject({ allowed: false, status: 401, code: 'UNAUTHENTICATED' });
    expect(judgeQueueOperator(null, [A], 1)).toMatchObject({ allowed: false, status: 401 });
  });
});
