// Content-Security-Policy of the GraphiQL page. It makes "works offline" a property the browser
// enforces: the page may load code, styles, fonts, workers and data from Packr's own origin only,
// so a future GraphiQL build that reaches for a CDN fails loudly instead of silently working only
// online. It also keeps the API key typed into the header editor from being sent anywhere else.
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Monaco and GraphiQL inject <style> elements and style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  // The bundled CSS carries its fonts and icons as data: URLs.
  "font-src 'self' data:",
  "img-src 'self' data:",
  // Monaco's web workers are Packr-served files (assets.ts).
  "worker-src 'self'",
  // HTTP operations and graphql-ws on the same origin ('self' covers ws:/wss: to the page's host).
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  // A page holding an API key must not be framed by another site.
  "frame-ancestors 'none'",
].join('; ');
