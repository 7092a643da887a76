import { builder } from '../builder.js';
import type { Viewer } from '../../auth/viewer.js';
import { MembershipRoleEnum } from './enums.js';

const ViewerRef = builder.objectRef<Viewer>('Viewer');

ViewerRef.implement({
  description: 'Who the API key in use belongs to, and what it may do.',
  fields: (t) => ({
    userId: t.exposeID('userId', { description: "The key owner's user id (a UUID)." }),
    threePLId: t.exposeID('threePLId', { description: 'The id (a UUID) of the 3PL the key belongs to; a key reads only this 3PL.' }),
    role: t.field({
      type: MembershipRoleEnum,
      nullable: true,
      description: 'Role in the 3PL; null for a brand viewer (reads only its brands).',
      resolve: (v) => v.role,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: 'The caller: user, 3PL and role of the API key in use. Any valid key.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.viewer!,
  }),
);
