// Webhook deliveries as Packr stored them (listed by BrandHealth.recentWebhooks) and the
// replayWebhookEvent mutation that re-runs a FAILED or IGNORED one (logic in webhooks/replay.ts).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { db } from '../../db.js';
import { WebhookEventStatus } from '../../generated/prisma/enums.js';
import type { WebhookEventRow } from '../../services/health-report.js';
import { replayWebhookEvent } from '../../webhooks/replay.js';
import { builder } from '../builder.js';
import { parseGlobalId } from '../ids.js';
import { answer } from '../service-errors.js';

const WebhookEventStatusEnum = builder.enumType(WebhookEventStatus, {
  name: 'WebhookEventStatus',
  description: 'What became of a webhook delivery.',
  values: {
    PENDING: { description: 'Stored and queued; not processed yet.' },
    PROCESSED: { description: 'Applied to Packr\'s data.' },
    FAILED: { description: 'Processing failed after retries (see error); OWNER or ADMIN may replay it.' },
    IGNORED: { description: 'Deliberately not applied (e.g. unknown or disconnected connection, unsupported event; see error); OWNER or ADMIN may replay it.' },
  } satisfies Record<keyof typeof WebhookEventStatus, { description: string }>,
});

export const WebhookEventRef = builder.objectRef<WebhookEventRow>('WebhookEvent').implement({
  description: 'One Trackstar webhook delivery as Packr stored it (the payload is not exposed).',
  fields: (t) => ({
    id: t.id({ description: 'Global ID of the delivery, for replayWebhookEvent(id:). Not a Node: node(id:) does not fetch it.', resolve: (e) => encodeGlobalID('WebhookEvent', e.id) }),
    deliveryId: t.string({ nullable: true, description: "Svix's delivery id (svix-id header); null only for deliveries whose signature did not verify.", resolve: (e) => e.deliveryId }),
    eventType: t.string({ description: 'Trackstar event type, e.g. "order.updated" or "inventory.created".', resolve: (e) => e.eventType }),
    status: t.field({ type: WebhookEventStatusEnum, description: 'Processing outcome.', resolve: (e) => e.status }),
    attempts: t.int({ description: 'Processing attempts so far.', resolve: (e) => e.attempts }),
    error: t.string({ nullable: true, description: 'Why it failed or was ignored; null otherwise.', resolve: (e) => e.error }),
    sentAt: t.field({ type: 'DateTime', nullable: true, description: 'When Trackstar sent it (svix-timestamp); null when the header was missing.', resolve: (e) => e.sentAt }),
    receivedAt: t.field({ type: 'DateTime', description: 'When Packr received it.', resolve: (e) => e.receivedAt }),
    processedAt: t.field({ type: 'DateTime', nullable: true, description: 'When processing finished (processed, ignored or failed); null while pending.', resolve: (e) => e.processedAt }),
    lagMs: t.int({ nullable: true, description: 'Milliseconds from sentAt to processedAt; null until both are known.', resolve: (e) => (e.sentAt && e.processedAt ? e.processedAt.getTime() - e.sentAt.getTime() : null) }),
  }),
});

builder.mutationField('replayWebhookEvent', (t) =>
  t.field({
    type: WebhookEventRef,
    authScopes: { manager: true },
    description: 'Processes a FAILED or IGNORED webhook delivery again (after fixing the cause, e.g. reconnecting the brand); it goes back to PENDING. OWNER and ADMIN only.',
    args: { id: t.arg.id({ required: true, description: 'The WebhookEvent id (from BrandHealth.recentWebhooks).' }) },
    resolve: async (_root, args, ctx) => {
      const id = parseGlobalId(args.id, 'WebhookEvent');
      await answer(() => replayWebhookEvent(id, ctx.viewer!.threePLId, ctx.viewer!));
      return db.trackstarWebhookEvent.findUniqueOrThrow({ where: { id } });
    },
  }),
);
