-- Alert rules for the rest of the attention board's kinds: orders in exception, backordered or on
-- hold; inbound shipments overdue; returns received and not restocked (alerts/rule-settings.ts).
ALTER TYPE "AlertKind" ADD VALUE 'ORDER_EXCEPTIONS';
ALTER TYPE "AlertKind" ADD VALUE 'OVERDUE_INBOUND';
ALTER TYPE "AlertKind" ADD VALUE 'RETURNS_NOT_RESTOCKED';
