// GET /link/main.js: a stand-in for https://link.trackstarhq.com/main.js with the same global
// contract (`window.Trackstar` / `window['Trackstar' + buttonId]` with init, open, close, state).
// The official React wrapper always calls `window.Trackstar.init(config)` and then opens
// `window['Trackstar' + config.buttonId]`, so init() with a buttonId creates that second global.
// The modal is plain DOM; each integration is a button named "Connect <integration_name>".
import type { Integration } from './integrations.js';

export function linkScript(baseUrl: string, integrations: Integration[]): string {
  const list = integrations.map((i) => ({ name: i.name, displayName: i.displayName, actions: i.availableActions }));
  return `(function () {
  'use strict';
  var current = document.currentScript && document.currentScript.src;
  var BASE = current ? current.replace(/\\/link\\/main\\.js.*$/, '') : ${JSON.stringify(baseUrl)};
  var INTEGRATIONS = ${JSON.stringify(list)};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'style') node.style.cssText = attrs[k];
      else if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function choices(config) {
    return INTEGRATIONS.filter(function (i) {
      if (i.name === 'sandbox' && config.sandbox === false) return false;
      if (config.integrationAllowList && config.integrationAllowList.length && config.integrationAllowList.indexOf(i.name) < 0) return false;
      if (config.integrationBlockList && config.integrationBlockList.indexOf(i.name) >= 0) return false;
      return (config.integrationsWithEndpoints || []).every(function (fn) { return i.actions.indexOf(fn) >= 0; });
    });
  }

  function create(name) {
    var config = null;
    var overlay = null;
    var api = { state: { isLoaded: false } };

    function close() {
      if (!overlay) return;
      overlay.remove();
      overlay = null;
      if (config && config.onClose) config.onClose();
    }

    function status(text) {
      var box = overlay && overlay.querySelector('[data-trackstar-status]');
      if (box) box.textContent = text;
    }

    function pick(linkToken, integration) {
      status('Connecting ' + integration.displayName + '…');
      fetch(BASE + '/sandbox/link/authorize', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ link_token: linkToken, integration_name: integration.name })
      }).then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) throw new Error(body.error || ('HTTP ' + res.status));
          return body;
        });
      }).then(function (body) {
        status('Connected to ' + integration.displayName + '.');
        config.onSuccess(body.auth_code, integration.name, close);
      }).catch(function (err) { status('Could not connect: ' + err.message); });
    }

    function render(linkToken, options) {
      var list = choices(config);
      if (options && options.integrationId) list = list.filter(function (i) { return i.name === options.integrationId; });
      var dialog = el('div', { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Connect your WMS',
        style: 'background:#fff;border-radius:8px;padding:24px;min-width:320px;max-width:420px;font:14px system-ui,sans-serif;color:#111' }, [
        el('h2', { text: 'Connect your WMS (Trackstar sandbox)', style: 'margin:0 0 16px;font-size:18px' })
      ]);
      list.forEach(function (integration) {
        var button = el('button', { type: 'button', 'data-integration': integration.name, text: 'Connect ' + integration.name,
          style: 'display:block;width:100%;margin:6px 0;padding:10px;border:1px solid #ccc;border-radius:6px;background:#f8f8f8;cursor:pointer;text-align:left' });
        button.addEventListener('click', function () { pick(linkToken, integration); });
        dialog.appendChild(button);
        dialog.appendChild(el('div', { text: integration.displayName + ': ' + integration.actions.length + ' functions', style: 'color:#666;font-size:12px;margin:0 0 8px 4px' }));
      });
      if (!list.length) dialog.appendChild(el('p', { text: 'No integration matches this configuration.' }));
      dialog.appendChild(el('p', { 'data-trackstar-status': '', role: 'status', style: 'min-height:1em;color:#333' }));
      var closeButton = el('button', { type: 'button', 'aria-label': 'Close', text: 'Close', style: 'margin-top:8px;padding:6px 12px' });
      closeButton.addEventListener('click', close);
      dialog.appendChild(closeButton);
      overlay = el('div', { 'data-trackstar-link': name, style: 'position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:2147483647' }, [dialog]);
      document.body.appendChild(overlay);
      if (list.length === 1 && config.integrationAllowList && config.integrationAllowList.length === 1) pick(linkToken, list[0]);
    }

    api.init = function (options) {
      if (options && options.buttonId && name === 'Trackstar') {
        var other = window['Trackstar' + options.buttonId] || create('Trackstar' + options.buttonId);
        window['Trackstar' + options.buttonId] = other;
        other.init(Object.assign({}, options, { buttonId: undefined }));
        return;
      }
      config = options;
      api.state.isLoaded = true;
      if (config.onLoad) config.onLoad();
    };

    api.open = function (options) {
      if (!config) { console.error('Trackstar sandbox Link: call init() first'); return; }
      if (overlay) return;
      Promise.resolve(config.getLinkToken()).then(function (token) { render(token, options); })
        .catch(function (err) { console.error('Trackstar sandbox Link: getLinkToken failed', err); });
    };

    api.close = close;
    return api;
  }

  window.Trackstar = window.Trackstar || create('Trackstar');
})();
`;
}
