// Returns and inbound shipments (ASNs): Trackstar's shared receiving status enum.
import type { InboundShipment, Return } from '../../../../trackstar-contract/contract.js';
import { toEnum, utc } from './values.js';

const RECEIVING_STATUSES = ['OPEN', 'IN_TRANSIT', 'RECEIVING', 'RECEIVED', 'CANCELLED'] as const;

const rawWord = (raw: unknown, parsed: string) => {
  const s = (raw as { status?: unknown } | null)?.status;
  return typeof s === 'string' ? s : parsed;
};

export function mapReturn(r: Return, raw: unknown) {
  return {
    externalId: r.id,
    warehouseCustomerId: r.warehouse_customer_id,
    orderExternalId: r.order_id,
    status: toEnum(rawWord(raw, r.status), RECEIVING_STATUSES),
    rawStatus: r.raw_status,
    lineItems: r.line_items,
    shipments: r.shipments,
    notes: r.notes,
    rawData: raw,
    createdAtRemote: utc(r.created_date)!,
    updatedAtRemote: utc(r.updated_date)!,
  };
}

export function mapInboundShipment(s: InboundShipment, raw: unknown) {
  return {
    externalId: s.id,
    warehouseCustomerId: s.warehouse_customer_id,
    warehouseExternalId: s.warehouse_id,
    purchaseOrderNumber: s.purchase_order_number,
    status: toEnum(rawWord(raw, s.status), RECEIVING_STATUSES),
    rawStatus: s.raw_status,
    supplierName: s.supplier_object?.supplier_name ?? s.supplier,
    expectedArrivalDate: utc(s.expected_arrival_date),
    trackingNumbers: s.tracking_numbers,
    lineItems: s.line_items,
    receipts: s.receipts,
    rawData: raw,
    createdAtRemote: utc(s.created_date)!,
    updatedAtRemote: utc(s.updated_date)!,
  };
}
