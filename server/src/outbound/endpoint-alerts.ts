// The ENDPOINT_DISABLED alert of a webhook endpoint: opened when the dispatcher disables it after
// sustained failure, resolved when someone enables it again. The alerts module owns incidents
// (one open per subject, notifications); this names the subject and the words.
import { openThreePLAlert, resolveThreePLAlert } from '../alerts/threepl-alerts.js';
import { logger } from '../lib/logger.js';

export async function alertEndpointDisabled(endpoint: { id: string; threePLId: string; url: string }, reason: string): Promise<void> {
  try {
    await openThreePLAlert({
      threePLId: endpoint.threePLId,
      kind: 'ENDPOINT_DISABLED',
      subject: endpoint.id,
      title: 'Webhook endpoint disabled',
      detail: `${hostOf(endpoint.url)}: ${reason}. Fix the receiver, then enable the endpoint again; deliveries waiting for it resume then.`,
    });
  } catch (error) {
    // The endpoint stays disabled (and visible as such) even when the alert could not be stored.
    logger.error('could not open the ENDPOINT_DISABLED alert', { endpointId: endpoint.id, error });
  }
}

export async function resolveEndpointDisabled(endpoint: { id: string; threePLId: string }): Promise<void> {
  await resolveThreePLAlert({ threePLId: endpoint.threePLId, kind: 'ENDPOINT_DISABLED', subject: endpoint.id });
}

/** Only the host in alert text: a URL's path or query may carry a receiver's own token. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'endpoint';
  }
}
