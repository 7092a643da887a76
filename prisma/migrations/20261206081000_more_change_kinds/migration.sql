-- Change feed for products, shipments, returns and inbound shipments (productChanged,
-- shipmentChanged, returnChanged, inboundShipmentChanged).

-- AlterEnum
ALTER TYPE "ChangeKind" ADD VALUE 'PRODUCT';
ALTER TYPE "ChangeKind" ADD VALUE 'SHIPMENT';
ALTER TYPE "ChangeKind" ADD VALUE 'RETURN';
ALTER TYPE "ChangeKind" ADD VALUE 'INBOUND_SHIPMENT';
