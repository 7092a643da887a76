import { builder } from '../builder.js';
import type { Viewer } from '../../auth/viewer.js';
import { MembershipRoleEnum } from './enums.js';

const ViewerRef = builder.objectRef<Viewer>('Viewer');

ViewerRef.implement({
  fields: (t) => ({
    userId: t.exposeID('userId'),
    threePLId: t.exposeID('threePLId'),
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
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.viewer!,
  }),
);
