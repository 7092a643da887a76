// The catalog of outbound event types: what an endpoint may subscribe to, with the description the
// dashboard shows. Record changes are captured by a trigger on the audit trail (migration
// 20261206102000_outbound_capture), alerts by the alerts code through outbound_enqueue.

export type OutboundEventType = { type: string; description: string };

/** Sent only by sendTestWebhookEvent, to the one endpoint asked; never a subscription. */
export const TEST_EVENT_TYPE = 'endpoint.test';

export const OUTBOUND_EVENT_TYPES: readonly OutboundEventType[] = [
  { type: 'alert.opened', description: 'An alert of the 3PL opened (a connection error, stale data, low stock...).' },
  { type: 'alert.resolved', description: 'An open alert of the 3PL was resolved.' },
  { type: 'order.status_changed', description: "An order's status changed (data: previousStatus, status, orderNumber, ids, source)." },
  { type: 'inventory.changed', description: "An inventory item's quantities changed (data: changes { field: [before, after] } over onHand, fulfillable, committed, unfulfillable, awaiting, sellable; sku, ids, source)." },
  { type: 'inbound_shipment.received', description: 'An inbound shipment became RECEIVED (data: previousStatus, purchaseOrderNumber, ids, source).' },
  { type: TEST_EVENT_TYPE, description: 'A test event, sent only to the endpoint it was asked for (sendTestWebhookEvent); cannot be subscribed to.' },
];

/** Types an endpoint may list in eventTypes (everything but the test event). */
export const SUBSCRIBABLE_EVENT_TYPES: ReadonlySet<string> = new Set(OUTBOUND_EVENT_TYPES.map((e) => e.type).filter((t) => t !== TEST_EVENT_TYPE));
