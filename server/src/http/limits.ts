// The HTTP limits of the API process in one place, defaulting to env.ts; buildApp takes overrides
// so tests can use small numbers.
import { env } from '../env.js';

export type HttpLimits = {
  /** Largest body Yoga sees (body-limit.ts). */
  graphqlMaxBodyBytes: number;
  /** Refused API keys per source address per minute before 429 (auth-failures.ts). */
  authFailuresPerMinute: number;
  /** Redis key name of those counts; tests pass their own so their counts stay apart. */
  authLimiterName: string;
  /** Browser origins allowed by CORS; empty: same-origin only (cors.ts). */
  corsOrigins: string[];
  /** Bearer token for /metrics; undefined: loopback clients only (metrics-route.ts). */
  metricsToken: string | undefined;
  /** Proxies whose X-Forwarded-For entries are believed (client-address.ts). */
  trustedProxyHops: number;
};

export function httpLimits(overrides: Partial<HttpLimits> = {}): HttpLimits {
  return {
    graphqlMaxBodyBytes: overrides.graphqlMaxBodyBytes ?? env.GRAPHQL_MAX_BODY_BYTES,
    authFailuresPerMinute: overrides.authFailuresPerMinute ?? env.AUTH_FAILURES_PER_MINUTE,
    authLimiterName: overrides.authLimiterName ?? 'auth',
    corsOrigins: overrides.corsOrigins ?? env.CORS_ORIGINS,
    // Present-but-undefined means "no token", so a test can turn an environment token off.
    metricsToken: 'metricsToken' in overrides ? overrides.metricsToken : env.METRICS_TOKEN,
    trustedProxyHops: overrides.trustedProxyHops ?? env.TRUSTED_PROXY_HOPS,
  };
}
