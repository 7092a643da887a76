// How an integration's state reads to a person: one of four words and a colour.
import type { Tone } from '../../app/ui';

export type IntegrationLike = { status: string; syncing?: boolean | null } | null | undefined;

export function integrationDisplay(integration: IntegrationLike): { label: string; tone: Tone } {
  if (!integration || integration.status === 'DISCONNECTED') return { label: 'Not connected', tone: 'neutral' };
  if (integration.status === 'ERROR') return { label: 'Error', tone: 'bad' };
  if (integration.status === 'PENDING' || integration.syncing) return { label: 'Syncing', tone: 'info' };
  return { label: 'Connected', tone: 'ok' };
}

/** A run is queued or under way for any resource. */
export const isSyncing = (states: readonly { status: string; inProgress: boolean }[] | null | undefined) =>
  (states ?? []).some((s) => s.inProgress || s.status === 'RUNNING' || s.status === 'QUEUED');
