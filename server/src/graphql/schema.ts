// The schema is the builder plus every type file, imported for its side effects.
import { builder } from './builder.js';
import './types/viewer.js';
import './types/brand.js';
import './types/integration.js';
import './types/connect-link.js';
import './types/integration-filter.js';
import './types/sync.js';
import './types/sync-run.js';
import './types/sync-settings.js';
import './types/enums.js';
import './types/order.js';
import './types/shipment.js';
import './types/inventory.js';
import './types/product.js';
import './types/warehouse.js';
import './types/receiving.js';
import './types/wms-write.js';
import './types/order-writes.js';
import './types/inventory-writes.js';
import './types/receiving-writes.js';
import './types/api-key.js';
import './types/app-config.js';
import './types/subscriptions.js';
import './types/webhook-event.js';
import './types/health.js';
import './types/audit.js';

export const schema = builder.toSchema({ sortSchema: true });
