// @ts-nocheck -- plain browser script, served as-is by server/src/http/graphiql/assets.ts.
//
// Packr's GraphiQL bootstrap. Runs in the browser, before the GraphiQL bundle (Monaco reads
// MonacoEnvironment) and again at DOMContentLoaded (after it) to render.
//
// Why a fetcher of our own: Yoga's built-in GraphiQL fetcher sends the header editor's headers on
// HTTP only. Its WebSocket client takes connectionParams from static options, so a subscription
// would open a socket without the key and ws.ts would close it with 4401. This fetcher sends the
// header editor's headers on HTTP and, lower-cased, as graphql-ws connectionParams (ws.ts and
// context.ts read `connectionParams.authorization`, exactly as the dashboard sends it).
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('packr-graphiql-config').textContent);

  // Monaco's workers come from Packr-served files (assets.ts), never from a CDN.
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return config.workers[label] || config.workers.editorWorkerService;
    },
  };

  var httpUrl = new URL(config.endpoint, location.href);
  var wsUrl = new URL(httpUrl);
  wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';

  /** The operation GraphiQL is about to run: 'query', 'mutation' or 'subscription'. */
  function operationType(params, documentAST) {
    var operations = ((documentAST && documentAST.definitions) || []).filter(function (d) {
      return d.kind === 'OperationDefinition';
    });
    var chosen = operations.find(function (op) {
      return params.operationName ? op.name && op.name.value === params.operationName : true;
    });
    return chosen ? chosen.operation : 'query';
  }

  function lowerCaseKeys(headers) {
    var out = {};
    Object.keys(headers || {}).forEach(function (name) {
      out[name.toLowerCase()] = headers[name];
    });
    return out;
  }

  async function overHttp(params, headers) {
    var response = await fetch(httpUrl, {
      method: 'POST',
      credentials: 'omit',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }, headers),
      body: JSON.stringify(params),
    });
    var text = await response.text();
    try {
      // A 401/400 with a GraphQL body is still a GraphQL answer: show it as such.
      return JSON.parse(text);
    } catch (_) {
      return { errors: [{ message: 'HTTP ' + response.status + ' ' + response.statusText + ': ' + text.slice(0, 500) }] };
    }
  }

  // One graphql-ws client per distinct set of headers: a new key in the header editor means a
  // new connection (connectionParams are sent once, at connection_init).
  var socket = null;
  function clientFor(headers) {
    var connectionParams = lowerCaseKeys(headers);
    var identity = JSON.stringify(connectionParams);
    if (!socket || socket.identity !== identity) {
      if (socket) socket.client.dispose();
      socket = { identity: identity, client: graphqlWs.createClient({ url: wsUrl.href, connectionParams: connectionParams, lazy: true }) };
    }
    return socket.client;
  }

  /** graphql-ws errors (GraphQL errors, a CloseEvent, an Error) as a result GraphiQL can show. */
  function asResult(error) {
    if (Array.isArray(error)) return { errors: error };
    if (error && typeof error.code === 'number') {
      var hint = error.code === 4401 ? ' Put {"Authorization": "Bearer <your API key>"} in the Headers tab.' : '';
      return { errors: [{ message: 'WebSocket closed: ' + error.code + ' ' + (error.reason || '') + '.' + hint }] };
    }
    return { errors: [{ message: String((error && error.message) || error) }] };
  }

  // An Observable (GraphiQL accepts those): unsubscribing, i.e. pressing stop, ends the
  // subscription on the server at once.
  function overWebSocket(params, headers) {
    return {
      subscribe: function (observer) {
        var dispose = clientFor(headers).subscribe(params, {
          next: function (result) { observer.next(result); },
          error: function (error) { observer.next(asResult(error)); observer.complete(); },
          complete: function () { observer.complete(); },
        });
        return { unsubscribe: dispose };
      },
    };
  }

  // The header template's placeholder is not a key. Sent, it would be refused as an invalid key
  // and count against the caller's address (server/src/http/auth-failures.ts); left out, the API
  // answers "Missing API key", which says what to do.
  function withoutPlaceholder(headers) {
    var out = {};
    Object.keys(headers || {}).forEach(function (name) {
      if (String(headers[name]).indexOf(config.keyPlaceholder) === -1) out[name] = headers[name];
    });
    return out;
  }

  function fetcher(params, options) {
    var headers = withoutPlaceholder(options && options.headers);
    if (operationType(params, options && options.documentAST) === 'subscription') return overWebSocket(params, headers);
    return overHttp(params, headers);
  }

  document.addEventListener('DOMContentLoaded', function () {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), Object.assign({}, config.graphiql, { fetcher: fetcher }));
  });
})();
