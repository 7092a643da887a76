// Who may write to a brand's WMS from the dashboard, and why an action is not offered. The API
// decides (it refuses brand viewers and actions the connection lacks); the dashboard mirrors it so
// nobody fills in a form that cannot succeed, and says why, naming the WMS.
import type { IntegrationStatus, MembershipRole } from '../../gql/graphql';
import { humanize } from '../../lib/format';

/** The Trackstar functions behind the dashboard's write actions. */
export type WriteAction = 'create_order' | 'cancel_order' | 'adjust_inventory' | 'create_inbound_shipment' | 'create_return';

const WHAT: Record<WriteAction, string> = {
  create_order: 'creating orders',
  cancel_order: 'cancelling orders',
  adjust_inventory: 'stock adjustments',
  create_inbound_shipment: 'creating inbound shipments',
  create_return: 'creating returns',
};

export type WriteIntegration = { status: IntegrationStatus; integrationName?: string | null; availableActions: readonly string[] } | null | undefined;

/** OWNER, ADMIN and OPERATOR write; brand viewers (no 3PL role) only read. */
export const canWrite = (role: MembershipRole | null | undefined) => role === 'OWNER' || role === 'ADMIN' || role === 'OPERATOR';

export const wmsName = (integration: WriteIntegration) => (integration?.integrationName ? humanize(integration.integrationName) : "this brand's WMS");

/** Why `action` cannot be done for this brand now, or null when it can. */
export function unavailableReason(integration: WriteIntegration, action: WriteAction): string | null {
  if (!integration || integration.status === 'DISCONNECTED') return "This brand's WMS is not connected; connect it on the Integration tab first.";
  if (integration.status === 'ERROR') return "This brand's Trackstar connection needs attention (see the Integration tab); writes are refused until it is reconnected.";
  if (integration.status !== 'ACTIVE') return "This brand's WMS connection is still being set up; try again in a moment.";
  if (!integration.availableActions.includes(action)) {
    return `${wmsName(integration)} (this brand's WMS) does not offer ${WHAT[action]} through Trackstar (${action}).`;
  }
  return null;
}
