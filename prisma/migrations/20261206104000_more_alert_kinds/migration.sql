-- Alert rules for the rest of the attention board's kinds: orders in exception, backordered or on
-- hold; inbound shipments overdue; returns received and not restocked. And webhooks gone silent
-- while sync still finds changes (Trackstar's provider disables a failing endpoint without a word).
-- alerts/rule-settings.ts.
ALTER TYPE "AlertKind" ADD VALUE 'ORDER_EXCEPTIONS';
ALTER TYPE "AlertKind" ADD VALUE 'OVERDUE_INBOUND';
ALTER TYPE "AlertKind" ADD VALUE 'RETURNS_NOT_RESTOCKED';
ALTER TYPE "AlertKind" ADD VALUE 'WEBHOOKS_SILENT';
