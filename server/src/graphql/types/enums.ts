// GraphQL enums mirrored from the Prisma enums, so the two can never drift apart. Each value's
// description is required (a `Record` over the Prisma enum's keys), so a new value fails to compile
// until it is documented.
import { MembershipRole, OrderStatus, ReceivingStatus, ShipmentStatus } from '../../generated/prisma/enums.js';
import { builder } from '../builder.js';

type Described<E extends Record<string, string>> = Record<keyof E, { description: string }>;

/** Statuses that still need warehouse work (everything but done and cancelled). */
export const OPEN_ORDER_STATUSES = Object.values(OrderStatus).filter((s) => s !== 'FULFILLED' && s !== 'CANCELLED');

export const OrderStatusEnum = builder.enumType(OrderStatus, {
  name: 'OrderStatus',
  description: "Where an order is in the warehouse's workflow, normalized from the WMS's own word (kept in rawStatus). The happy path runs OPEN → CONFIRMED → PROCESSING → PICKED → PACKED → PARTIALLY_FULFILLED → FULFILLED.",
  values: {
    OPEN: { description: 'Placed, not yet accepted by the warehouse.' },
    CONFIRMED: { description: 'Accepted by the WMS, work not started.' },
    PROCESSING: { description: 'Being worked on by the warehouse.' },
    PICKED: { description: 'All items picked from their locations.' },
    PACKED: { description: 'Packed and waiting for the carrier.' },
    PARTIALLY_FULFILLED: { description: 'Part of the order has shipped; the rest is still open.' },
    FULFILLED: { description: 'Everything has shipped.' },
    BACKORDERED: { description: 'Waiting for stock to arrive.' },
    EXCEPTION: { description: 'A problem stopped the order (address, payment, damage…); see rawStatus.' },
    CANCELLED: { description: 'Cancelled; nothing more will ship.' },
    OTHER: { description: "A status Packr does not map (custom or unknown to Trackstar): read rawStatus for the WMS's word." },
  } satisfies Described<typeof OrderStatus>,
});

export const ShipmentStatusEnum = builder.enumType(ShipmentStatus, {
  name: 'ShipmentStatus',
  description: "State of one outbound shipment of an order, normalized from the WMS's own word (kept in rawStatus).",
  values: {
    OPEN: { description: 'Created but not yet handed to the carrier.' },
    SHIPPED: { description: 'Handed to the carrier.' },
    CANCELLED: { description: 'Cancelled before it shipped.' },
    OTHER: { description: "A status Packr does not map: read rawStatus for the WMS's word." },
  } satisfies Described<typeof ShipmentStatus>,
});

export const ReceivingStatusEnum = builder.enumType(ReceivingStatus, {
  name: 'ReceivingStatus',
  description: "State of something arriving at the warehouse (a return or an inbound shipment), normalized from the WMS's own word (kept in rawStatus).",
  values: {
    OPEN: { description: 'Created; not yet on its way to the warehouse.' },
    IN_TRANSIT: { description: 'On its way to the warehouse.' },
    RECEIVING: { description: 'Arrived and being counted in; some units may be received already.' },
    RECEIVED: { description: 'Fully received.' },
    CANCELLED: { description: 'Cancelled; nothing (more) will be received.' },
    OTHER: { description: "A status Packr does not map: read rawStatus for the WMS's word." },
  } satisfies Described<typeof ReceivingStatus>,
});

export const MembershipRoleEnum = builder.enumType(MembershipRole, {
  name: 'MembershipRole',
  description: "A 3PL member's role. Every role reads all brands of the 3PL; only OWNER and ADMIN manage (brands, API keys, Trackstar connections, webhook replays).",
  values: {
    OWNER: { description: 'Full control of the 3PL, like ADMIN.' },
    ADMIN: { description: 'Manages brands, API keys, Trackstar connections and webhook replays; reads raw upstream data.' },
    OPERATOR: { description: 'Reads every brand of the 3PL and may trigger syncs; cannot manage anything.' },
  } satisfies Described<typeof MembershipRole>,
});

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Order of a sorted list.',
  values: {
    ASC: { value: 'asc', description: 'Smallest (or A, or oldest) first. Empty values sort last.' },
    DESC: { value: 'desc', description: 'Largest (or Z, or newest) first. Empty values sort first.' },
  } as const,
});
