// The outbound webhooks' documents shared by the endpoints screen and the delivery log.
import { graphql } from '../../gql';
import type { OutboundDeliveryStatus } from '../../gql/graphql';
import type { Tone } from '../../app/ui';

export const EndpointFields = graphql(`
  fragment EndpointFields on WebhookEndpoint {
    id
    url
    description
    eventTypes
    brands {
      id
      name
    }
    enabled
    disabledAt
    disabledReason
    failingSince
    lastSuccessAt
    lastFailureAt
    createdAt
    counts {
      pending
      succeeded
      failed
    }
  }
`);

export const DeliveryRow = graphql(`
  fragment DeliveryRow on OutboundDelivery {
    id
    eventId
    eventType
    payload
    brand {
      id
      name
    }
    status
    attempts
    nextAttemptAt
    lastAttemptAt
    lastStatusCode
    lastError
    deliveredAt
    createdAt
    tries {
      at
      statusCode
      error
      durationMs
      responseBody
    }
  }
`);

export const SendTestEvent = graphql(`
  mutation SendTestWebhookEvent($endpointId: ID!) {
    sendTestWebhookEvent(endpointId: $endpointId) {
      ...DeliveryRow
    }
  }
`);

export const DELIVERY_STATUS: Record<OutboundDeliveryStatus, { label: string; tone: Tone }> = {
  PENDING: { label: 'Pending', tone: 'info' },
  SUCCEEDED: { label: 'Succeeded', tone: 'ok' },
  FAILED: { label: 'Failed', tone: 'bad' },
};

export const webhookPath = (endpointId: string) => `/settings/webhooks/${encodeURIComponent(endpointId)}`;
