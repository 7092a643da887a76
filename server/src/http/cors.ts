// CORS for Yoga: only the configured dashboard origins (CORS_ORIGINS) may call the API from a
// browser. Yoga's default reflects any Origin with allow-credentials, which lets every website a
// user visits read responses made with that user's credentials. With no origins configured the
// dashboard is served from the API itself (same origin) and no CORS header is ever sent.
import type { Plugin, YogaServerOptions } from 'graphql-yoga';

type CorsOption = NonNullable<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>['cors']>;

/** The `cors` option of createYoga: headers for an allowed Origin, none for any other. */
export function corsForOrigins(origins: readonly string[]): CorsOption {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    // A single string origin is echoed as is (an array of one would be sent to every caller).
    return { origin, credentials: true, exposedHeaders: ['x-request-id'], maxAge: 600 };
  };
}

/**
 * Responses differ by Origin once origins are configured; say so, or a shared cache could hand
 * one origin's answer (with its allow-origin header) to another.
 */
export function useVaryOnOrigin(origins: readonly string[]): Plugin {
  if (origins.length === 0) return {};
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary');
      if (!vary?.toLowerCase().split(/\s*,\s*/).includes('origin')) response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
    },
  };
}
