// The non-GraphQL HTTP routes of the API process, as Yoga plugins answering in onRequest.
import type { Plugin } from 'graphql-yoga';
import { useHealthRoutes } from './health.js';
import { useStaticClient } from './static.js';
import { trackstarWebhooks } from './webhooks/trackstar.js';

export function httpRoutes(): Plugin[] {
  return [useHealthRoutes(), trackstarWebhooks(), useStaticClient()];
}
