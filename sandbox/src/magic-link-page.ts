// The page behind a magic link's URL: the customer (a brand, with no login anywhere) opens it and
// gets the same Link modal as the embedded flow (/link/main.js), limited to what the link offers.
// Finishing the modal installs the connection through the page's own endpoints; the browser never
// sees an access token.
import type { LinkOffer } from './link.js';

const STYLE = `
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #111827; background: #f3f4f6; }
  main { max-width: 560px; margin: 64px auto; padding: 32px; background: #fff; border-radius: 10px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 24px; margin: 0 0 12px; }
  .muted { color: #4b5563; font-size: 14px; }
  main button { font: inherit; padding: 10px 18px; border-radius: 6px; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; }
  main button:disabled { opacity: .6; cursor: default; }
  main button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
  [role=status] { min-height: 1.5em; margin-top: 16px; font-weight: 600; }
`;

/** JSON inside a <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function magicLinkPage(link: { id: string; expiresAt: string; offer: LinkOffer }): string {
  const expires = escapeHtml(link.expiresAt.replace('T', ' ').replace('Z', ' UTC'));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect your WMS</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>Connect your warehouse management system</h1>
  <p>Your logistics partner invited you to connect your WMS through Trackstar. You do not need an account: pick your WMS and sign in to it.</p>
  <p class="muted">Trackstar sandbox: the list shows simulated WMSs. This link is valid until <time datetime="${escapeHtml(link.expiresAt)}">${expires}</time>.</p>
  <button type="button" id="connect">Connect your WMS</button>
  <p id="status" role="status" aria-live="polite"></p>
</main>
<script src="/link/main.js"></script>
<script>
(function () {
  'use strict';
  var LINK = ${scriptJson({ id: link.id, offer: link.offer })};
  var base = '/sandbox/magic-links/' + encodeURIComponent(LINK.id);
  var button = document.getElementById('connect');
  var status = document.getElementById('status');
  var done = false;

  function post(path, body) {
    return fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (res) {
        return res.json().then(function (json) {
          if (!res.ok) throw new Error(json.error || ('HTTP ' + res.status));
          return json;
        });
      });
  }

  window.Trackstar.init({
    sandbox: true,
    integrationAllowList: LINK.offer.allowList,
    integrationBlockList: LINK.offer.blockList,
    integrationsWithEndpoints: LINK.offer.withEndpoints,
    getLinkToken: function () {
      return post('/link-token', {}).then(function (json) { return json.link_token; }, function (err) {
        status.textContent = 'Could not open the connection dialog: ' + err.message;
        button.disabled = false;
        throw err;
      });
    },
    onSuccess: function (authCode, integrationName, close) {
      status.textContent = 'Connecting…';
      post('/install', { auth_code: authCode }).then(function (json) {
        done = true;
        close();
        button.hidden = true;
        status.textContent = 'Connected to ' + json.display_name + '. You can close this page.';
      }, function (err) {
        close();
        status.textContent = 'Could not connect: ' + err.message;
      });
    },
    onClose: function () {
      if (!done) button.disabled = false;
      if (!done) button.focus();
    }
  });

  function open() {
    button.disabled = true;
    status.textContent = '';
    window.Trackstar.open({});
  }
  button.addEventListener('click', open);
  open();
})();
</script>
</body>
</html>
`;
}

export function unusableLinkPage(reason: 'expired' | 'unknown'): string {
  const text = reason === 'expired' ? 'This link has expired.' : 'This link is not valid: it was revoked or never existed.';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Link not valid</title><style>${STYLE}</style></head>
<body><main><h1>${text}</h1><p>Ask your logistics partner for a new link.</p></main></body>
</html>
`;
}
